/**
 * "Mes capteurs": the user's devices (local data, offline too), enrolment (online only), rename,
 * interval and decommission. Composed into the dashboard page.
 */
import { useMemo, useState } from 'react';
import { map } from 'rxjs';
import type { AppDatabase } from '../../db/collections.ts';
import { openIssues$ } from '../../db/sync-issues.ts';
import { useRxQuery, type ReactiveQuery } from '../../db/use-rx-query.ts';
import { CredentialsPanel } from './components/credentials-panel.tsx';
import { DeviceItem } from './components/device-item.tsx';
import { EnrolForm } from './components/enrol-form.tsx';
import { decommissionDevice, updateDevice, type DeviceDoc, type Enrolment } from './devices-actions.ts';
import './devices.css';

export interface DevicesSectionProps {
  db: AppDatabase;
  now: number;
  online: boolean;
  enrol: (input: { name: string; intervalSeconds: number }) => Promise<Enrolment>;
}

function useRefusals(db: AppDatabase): Map<string, string> {
  const query = useMemo<ReactiveQuery<Map<string, string>>>(
    () => ({
      $: openIssues$(db).pipe(map((issues) => new Map(issues.filter((i) => i.collectionName === 'sensorDevices').map((i) => [i.docId, i.reason])))),
      toString: () => 'devices-refusals',
    }),
    [db],
  );
  return useRxQuery(query).result ?? new Map<string, string>();
}

export function DevicesSection({ db, now, online, enrol }: DevicesSectionProps) {
  const query = useRxQuery(db.sensorDevices.find());
  const devices = useMemo(
    () =>
      (query.result ?? [])
        .map((d) => d.toJSON() as DeviceDoc)
        .sort((a, b) => (a.status === b.status ? a.name.localeCompare(b.name, 'fr') : a.status === 'active' ? -1 : 1)),
    [query.result],
  );
  const refusals = useRefusals(db);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  // The sync panel links a refused device here as /dashboard?corriger=<id>.
  const [targetId] = useState(() => new URLSearchParams(window.location.search).get('corriger'));

  return (
    <section className="devices-section" aria-labelledby="devices-section-title">
      <h2 id="devices-section-title">Mes capteurs</h2>
      {enrolment ? (
        <CredentialsPanel enrolment={enrolment} onDone={() => setEnrolment(null)} />
      ) : (
        <EnrolForm devices={devices} online={online} enrol={enrol} onEnrolled={setEnrolment} />
      )}
      {query.result === undefined ? (
        <p role="status">Chargement des capteurs…</p>
      ) : devices.length === 0 ? (
        <p className="muted">Aucun capteur enrôlé. Enrôlez votre première station pour voir ses mesures ici.</p>
      ) : (
        <ul className="device-list">
          {devices.map((d) => (
            <DeviceItem
              key={d.id}
              device={d}
              devices={devices}
              now={now}
              refusal={refusals.get(d.id)}
              initiallyEditing={d.id === targetId}
              onSave={(patch) => updateDevice(db, d.id, patch)}
              onDecommission={() => decommissionDevice(db, d.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
