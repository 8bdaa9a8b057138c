/**
 * One activity: HH:MM:SS timer, "Aujourd'hui : X", Démarrer / Stop, the warning from 3 h 30, and
 * how many of its sessions wait to be sent (a stop made offline shows here, not only in the history).
 * A private activity the server refused says why (instead of "non synchronisé").
 */
import { useEffect, useRef } from 'react';
import { formatMinutes, formatTimer, IDLE_TIMER } from '@itercraft/shared/maintenance/format';
import { MAX_SESSION_MS, MINUTE_MS, elapsedMs, isNearAutoStop } from '@itercraft/shared/maintenance/session.rules';
import { PendingMark } from '../../../components/pending-mark.tsx';
import type { ActivityView } from '../entretien-model.ts';

export interface ActivityCardProps {
  activity: ActivityView;
  now: number;
  onStart: () => void;
  onStop: () => void;
  /** Why the server refused this activity (sync issue), if it did. */
  refusedReason?: string | undefined;
  /** Set on the card the page was asked to open ("Corriger"): focused at each new key. */
  focusKey?: string | undefined;
}

export function pendingText(n: number): string {
  return n === 1 ? "1 session en attente d'envoi" : `${n} sessions en attente d'envoi`;
}

export function ActivityCard({ activity, now, onStart, onStop, refusedReason, focusKey }: ActivityCardProps) {
  const { service, running } = activity;
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focusKey === undefined || !card.current) return;
    card.current.scrollIntoView?.({ block: 'center' });
    card.current.focus();
  }, [focusKey]);
  const elapsed = running ? elapsedMs(running, now) : 0;
  const warning = running !== null && isNearAutoStop(running, now);
  const left = formatMinutes(MAX_SESSION_MS / MINUTE_MS - Math.floor(elapsed / MINUTE_MS));
  const classes = ['entretien-card', running ? 'is-running' : '', warning ? 'is-warning' : '', focusKey !== undefined ? 'is-target' : '']
    .filter(Boolean)
    .join(' ');
  return (
    // tabIndex -1: focusable by the "Corriger" link only, not a Tab stop.
    <section ref={card} tabIndex={-1} aria-label={service.label} className={classes}>
      <h3 className="entretien-card-title">
        {service.label}
        {activity.pending && !refusedReason && <PendingMark />}
      </h3>
      {refusedReason && (
        <>
          <p className="entretien-refused" role="note">
            Refusée par le serveur : {refusedReason}
          </p>
          {/* An activity's id follows from its name: a new name is a new activity. */}
          <p className="muted entretien-refused-hint">
            Abandonnez cette création dans le panneau de synchronisation, puis recréez l’activité sous un autre nom.
          </p>
        </>
      )}
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
