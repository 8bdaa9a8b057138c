/**
 * "Mes capteurs": the user's devices (local data, offline too), enrolment (online only), rename,
 * interval and decommission. Composed into the dashboard page.
 */
import { useMemo, useState } from 'react';
import { map } from 'rxjs';
import { useCorrigerParam } from '../../app/use-corriger-param.ts';
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
  // The sync panel links a refused device here as /dashboard?corriger=<id>, also while the page is open.
  const request = useCorrigerParam();
  const unknownTarget = request !== null && query.result !== undefined && !devices.some((d) => d.id === request.id);

  return (
    <section className="devices-section" aria-labelledby="devices-section-title">
      <h2 id="devices-section-title">Mes capteurs</h2>
      {enrolment ? (
        <CredentialsPanel enrolment={enrolment} onDone={() => setEnrolment(null)} />
      ) : (
        <EnrolForm devices={devices} online={online} enrol={enrol} onEnrolled={setEnrolment} />
      )}
      {unknownTarget && (
        <p className="notice notice-info" role="status">
          Le capteur à corriger n’est plus sur cet appareil : la modification a sans doute déjà été corrigée ou abandonnée.
        </p>
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
              editRequest={d.id === request?.id ? request.key : undefined}
              onSave={(patch) => updateDevice(db, d.id, patch)}
              onDecommission={() => decommissionDevice(db, d.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
