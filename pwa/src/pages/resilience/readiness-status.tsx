/**
 * The sync server's readiness as it answers GET /readyz right now, polled while online. Offline
 * the page says plainly that the server cannot be checked (the app itself keeps working), and
 * shows the last answer only as a dated past measurement.
 */
import { useQuery } from '@tanstack/react-query';
import { useOnline } from '../../app/use-online.ts';
import { READINESS_POLL_MS, readinessQuery, type PartState, type Readiness } from './readiness.ts';

const time = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'medium' });

const PART_LABELS: Record<PartState, string> = {
  UP: 'Opérationnelle',
  DOWN: 'Indisponible',
  UNKNOWN: 'Non indiqué par le serveur',
};

function ReadinessFacts({ readiness, at }: { readiness: Readiness; at: number }) {
  return (
    <>
      <p>
        Serveur de synchronisation :{' '}
        <strong>{readiness.httpStatus === 200 ? 'prêt' : 'pas prêt'}</strong> (réponse HTTP {readiness.httpStatus} à{' '}
        {time.format(at)})
      </p>
      <dl className="facts">
        <dt>Base de données PostgreSQL</dt>
        <dd>{PART_LABELS[readiness.database]}</dd>
        {readiness.mqtt !== undefined && (
          <>
            <dt>Relais MQTT</dt>
            <dd>{PART_LABELS[readiness.mqtt]}</dd>
          </>
        )}
      </dl>
    </>
  );
}

export function ReadinessStatus() {
  const online = useOnline();
  // `enabled` too: TanStack Query's online manager starts "online" whatever navigator.onLine says.
  const query = useQuery({ ...readinessQuery(), enabled: online, refetchInterval: online ? READINESS_POLL_MS : false });

  if (!online) {
    return (
      <div className="readiness" aria-live="polite">
        <p className="notice notice-warning">
          Hors ligne : l’état du serveur ne peut pas être vérifié. L’application continue de fonctionner avec les
          données de cet appareil.
        </p>
        {query.data && (
          <p className="muted">
            Dernière réponse reçue à {time.format(query.dataUpdatedAt)} : serveur{' '}
            {query.data.httpStatus === 200 ? 'prêt' : 'pas prêt'}.
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="readiness" aria-live="polite">
      {query.isPending && <p className="muted">Lecture de l’état du serveur…</p>}
      {query.isError && (
        <p className="error-text">
          Le serveur ne répond pas : son état ne peut pas être lu pour le moment. Vos modifications restent sur cet
          appareil et partiront à son retour.
        </p>
      )}
      {query.data && !query.isError && <ReadinessFacts readiness={query.data} at={query.dataUpdatedAt} />}
    </div>
  );
}
