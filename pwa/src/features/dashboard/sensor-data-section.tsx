/**
 * "Données capteurs": date range, device filter, the chart and the min / max / average table,
 * all from the local database (works offline, follows replicated readings live). Under "Tous les
 * capteurs" with several devices reporting in the range, each device gets its own chart and
 * table: merged on one timeline, one device's readings would hide another's gap and the lines
 * would zig-zag between devices.
 */
import { useMemo, useState } from 'react';
import type { AppDatabase } from '../../db/collections.ts';
import { DeviceReadings } from './components/device-readings.tsx';
import { ALL_DEVICES, SensorFilters } from './components/sensor-filters.tsx';
import { defaultRange, pointsByDevice, rangeBounds, selectPoints } from './sensor-model.ts';
import { useSensorDevices, useSensorPoints, type DeviceDoc } from './use-sensor-data.ts';

const DEFAULT_INTERVAL_S = 30;

/** The device's interval for the gap rule (the default when its document is not here yet). */
function intervalMsOf(devices: readonly DeviceDoc[], deviceId: string): number {
  return (devices.find((d) => d.id === deviceId)?.intervalSeconds ?? DEFAULT_INTERVAL_S) * 1000;
}

function nameOf(devices: readonly DeviceDoc[], deviceId: string): string {
  const device = devices.find((d) => d.id === deviceId);
  if (!device) return 'Capteur inconnu';
  return device.status === 'decommissioned' ? `${device.name} (retiré)` : device.name;
}

export interface SensorDataSectionProps {
  db: AppDatabase;
  /** Server time, refreshed by the page (moves the raw/rollup horizon). */
  now: number;
  /** Fixed chart size for tests; responsive otherwise. */
  chartSize?: { width: number; height: number };
}

export function SensorDataSection({ db, now, chartSize }: SensorDataSectionProps) {
  const [filters, setFilters] = useState(() => ({ ...defaultRange(now), deviceId: ALL_DEVICES }));
  const devices = useSensorDevices(db);
  const range = rangeBounds(filters.from, filters.to);
  // An invalid range queries nothing (from > to) instead of the previous range.
  const points = useSensorPoints(db, range.ok ? range.from : 1, range.ok ? range.to : 0, filters.deviceId || null);
  const selected = useMemo(() => (points ? selectPoints(points, now) : undefined), [points, now]);
  const known = useMemo(() => devices ?? [], [devices]);
  const groups = useMemo(() => pointsByDevice(selected ?? [], known.map((d) => d.id)), [selected, known]);

  return (
    <section className="sensor-section" aria-labelledby="sensor-section-title">
      <h2 id="sensor-section-title">Données capteurs</h2>
      <SensorFilters from={filters.from} to={filters.to} deviceId={filters.deviceId} devices={known} onChange={(next) => setFilters((f) => ({ ...f, ...next }))} />
      {!range.ok ? (
        <p className="error-text" role="alert">
          {range.message}
        </p>
      ) : selected === undefined ? (
        <p role="status">Chargement…</p>
      ) : groups.length === 0 ? (
        <p className="muted">Aucune donnée capteur pour cette période.</p>
      ) : groups.length === 1 ? (
        <DeviceReadings points={groups[0]!.points} intervalMs={intervalMsOf(known, groups[0]!.deviceId)} chartSize={chartSize} />
      ) : (
        groups.map((g) => (
          <DeviceReadings key={g.deviceId} points={g.points} intervalMs={intervalMsOf(known, g.deviceId)} title={nameOf(known, g.deviceId)} chartSize={chartSize} />
        ))
      )}
    </section>
  );
}
