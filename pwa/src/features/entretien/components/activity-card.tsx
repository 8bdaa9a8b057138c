/**
 * One activity: HH:MM:SS timer, "Aujourd'hui : X", Démarrer / Stop, the warning from 3 h 30, and
 * how many of its sessions wait to be sent (a stop made offline shows here, not only in the history).
 */
import { formatMinutes, formatTimer, IDLE_TIMER } from '@itercraft/shared/maintenance/format';
import { MAX_SESSION_MS, MINUTE_MS, elapsedMs, isNearAutoStop } from '@itercraft/shared/maintenance/session.rules';
import { PendingMark } from '../../../components/pending-mark.tsx';
import type { ActivityView } from '../entretien-model.ts';

export interface ActivityCardProps {
  activity: ActivityView;
  now: number;
  onStart: () => void;
  onStop: () => void;
}

export function pendingText(n: number): string {
  return n === 1 ? "1 session en attente d'envoi" : `${n} sessions en attente d'envoi`;
}

export function ActivityCard({ activity, now, onStart, onStop }: ActivityCardProps) {
  const { service, running } = activity;
  const elapsed = running ? elapsedMs(running, now) : 0;
  const warning = running !== null && isNearAutoStop(running, now);
  const left = formatMinutes(MAX_SESSION_MS / MINUTE_MS - Math.floor(elapsed / MINUTE_MS));
  const classes = ['entretien-card', running ? 'is-running' : '', warning ? 'is-warning' : ''].filter(Boolean).join(' ');
  return (
    <section aria-label={service.label} className={classes}>
      <h3 className="entretien-card-title">
        {service.label}
        {activity.pending && <PendingMark />}
      </h3>
      <p className="entretien-timer-line">
        <span className="entretien-timer" role="timer" aria-label={running ? `Durée en cours : ${formatTimer(elapsed)}` : 'Aucune session en cours'}>
          {running ? formatTimer(elapsed) : IDLE_TIMER}
        </span>
      </p>
      {activity.pendingSessions > 0 && (
        <p className="entretien-pending">
          <PendingMark /> {pendingText(activity.pendingSessions)}
        </p>
      )}
      {warning && (
        <p className="entretien-warning" role="status">
          Arrêt auto dans {left}
        </p>
      )}
      <p className="entretien-today">Aujourd'hui : {formatMinutes(activity.todayMinutes)}</p>
      {/* One button that changes role, so keyboard focus stays on it after a click. */}
      <button type="button" className={running ? 'entretien-stop' : 'entretien-start'} onClick={running ? onStop : onStart}>
        {running ? 'Stop' : 'Démarrer'}
        <span className="visually-hidden"> : {service.label}</span>
      </button>
    </section>
  );
}
