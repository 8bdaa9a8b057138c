/** "Du" / "Au" dates and the device filter of the "Données capteurs" section. */
import { useId } from 'react';
import type { DeviceDoc } from '../use-sensor-data.ts';

export interface SensorFiltersProps {
  from: string;
  to: string;
  deviceId: string;
  devices: readonly DeviceDoc[];
  onChange: (next: { from?: string; to?: string; deviceId?: string }) => void;
}

/** The device filter's value for every device merged, as the original chart did. */
export const ALL_DEVICES = '';

export function SensorFilters({ from, to, deviceId, devices, onChange }: SensorFiltersProps) {
  const id = useId();
  return (
    <div className="sensor-filters">
      <label htmlFor={`${id}-du`}>Du</label>
      <input id={`${id}-du`} type="date" value={from} max={to} onChange={(e) => onChange({ from: e.target.value })} />
      <label htmlFor={`${id}-au`}>Au</label>
      <input id={`${id}-au`} type="date" value={to} min={from} onChange={(e) => onChange({ to: e.target.value })} />
      <label htmlFor={`${id}-capteur`}>Capteur</label>
      <select id={`${id}-capteur`} value={deviceId} onChange={(e) => onChange({ deviceId: e.target.value })}>
        <option value={ALL_DEVICES}>Tous les capteurs</option>
        {devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.status === 'decommissioned' ? `${d.name} (retiré)` : d.name}
          </option>
        ))}
      </select>
    </div>
  );
}
