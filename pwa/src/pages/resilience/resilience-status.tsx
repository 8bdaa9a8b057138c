/**
 * Live breaker cards, polled every 5 s only while online. Offline, the page says so plainly and
 * keeps showing the last measurement with its time instead of spinning.
 */
import { useQuery } from '@tanstack/react-query';
import { useOnline } from '../../app/use-online.ts';
import { breakerStateLabel, healthLabel, rateLabel, serviceName } from './resilience-labels.ts';
import { RESILIENCE_POLL_MS, resilienceQueries, type BreakerStatus } from './resilience.queries.ts';

const time = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'medium' });

function BreakerCard({ name, breaker, health }: { name: string; breaker: BreakerStatus; health: string | undefined }) {
  return (
    <section className="card" aria-label={serviceName(name)}>
      <h3>{serviceName(name)}</h3>
      <dl className="facts">
        <dt>État</dt>
        <dd>{breakerStateLabel(breaker.state)}</dd>
        {health && (
          <>
            <dt>Santé</dt>
            <dd>{healthLabel(health)}</dd>
          </>
        )}
        <dt>Taux d’échec</dt>
        <dd>{rateLabel(breaker.failureRate)}</dd>
        <dt>Appels lents</dt>
        <dd>{rateLabel(breaker.slowCallRate)}</dd>
        <dt>Appels réussis / échoués</dt>
        <dd>
          {breaker.successfulCalls} / {breaker.failedCalls}
        </dd>
        <dt>Appels refusés (disjoncteur ouvert)</dt>
        <dd>{breaker.notPermittedCalls}</dd>
      </dl>
    </section>
  );
}

export function ResilienceStatus() {
  const online = useOnline();
  const refetchInterval = online ? RESILIENCE_POLL_MS : false;
  const status = useQuery({ ...resilienceQueries.status(), refetchInterval });
  const health = useQuery({ ...resilienceQueries.health(), refetchInterval });
  const breakers = Object.entries(status.data ?? {});

  return (
    <div aria-live="polite">
      {!online && (
        <p className="notice notice-warning">
          Hors ligne : l’état en direct n’est pas disponible.
          {status.dataUpdatedAt > 0 && ` Dernière mesure à ${time.format(status.dataUpdatedAt)}.`}
        </p>
      )}
      {online && status.isPending && <p className="muted">Lecture de l’état des disjoncteurs…</p>}
      {status.isError && <p className="error-text">Impossible de lire l’état des disjoncteurs pour le moment.</p>}
      {health.data && (
        <p>
          État général : <strong>{healthLabel(health.data.status)}</strong>
        </p>
      )}
      {status.isSuccess && breakers.length === 0 && <p>Le serveur ne déclare aucun disjoncteur.</p>}
      <div className="card-grid">
        {breakers.map(([name, breaker]) => (
          <BreakerCard key={name} name={name} breaker={breaker} health={health.data?.services[name]} />
        ))}
      </div>
    </div>
  );
}
