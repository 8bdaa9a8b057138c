/** One line of an activity's history: date, start, end ("En cours", "(auto)"), duration, actions. */
import { useEffect, useRef, useState } from 'react';
import { formatMinutes } from '@itercraft/shared/maintenance/format';
import { PendingMark } from '../../../components/pending-mark.tsx';
import type { ActionResult } from '../entretien-actions.ts';
import type { SessionDoc } from '../entretien-model.ts';
import { CorrectEndForm } from './correct-end-form.tsx';
import { formatDate, formatTime } from './time-format.ts';

export interface SessionRowProps {
  session: SessionDoc;
  refusedReason: string | undefined;
  /** Set on the row the page was asked to open: scrolled to and focused at each new key. */
  focusKey?: string | undefined;
  onDelete: () => void;
  onCorrect: (endedAt: number) => Promise<ActionResult>;
}

function EndCell({ session }: { session: SessionDoc }) {
  if (session.endedAt === null) return <>En cours</>;
  return (
    <>
      {formatTime(session.endedAt)}
      {session.autoStopped && <span className="entretien-auto"> (auto)</span>}
    </>
  );
}

export function SessionRow({ session, refusedReason, focusKey, onDelete, onCorrect }: SessionRowProps) {
  const [correcting, setCorrecting] = useState(false);
  const correctButton = useRef<HTMLButtonElement>(null);
  const row = useRef<HTMLTableRowElement>(null);
  const isTarget = focusKey !== undefined;
  useEffect(() => {
    if (focusKey === undefined || !row.current) return;
    row.current.scrollIntoView?.({ block: 'center' });
    row.current.querySelector('button')?.focus();
  }, [focusKey]);
  const when = `${formatDate(session.startedAt)} à ${formatTime(session.startedAt)}`;
  const close = () => {
    setCorrecting(false);
    // Back to the button that opened the form (after it re-renders).
    window.setTimeout(() => correctButton.current?.focus(), 0);
  };
  return (
    <>
      <tr ref={row} className={isTarget ? 'entretien-target' : undefined}>
        <td>{formatDate(session.startedAt)}</td>
        <td>{formatTime(session.startedAt)}</td>
        <td>
          <EndCell session={session} />
        </td>
        <td>
          {session.durationMinutes === null ? '-' : formatMinutes(session.durationMinutes)}
          {session.pendingAt !== null && !refusedReason && <PendingMark />}
          {refusedReason && (
            <span className="entretien-refused" role="note">
              {' '}
              Refusée : {refusedReason}
            </span>
          )}
        </td>
        <td className="entretien-actions">
          {session.autoStopped && session.endedAt !== null && (
            <button ref={correctButton} type="button" aria-expanded={correcting} onClick={() => setCorrecting((c) => !c)}>
              Corriger<span className="visually-hidden"> la fin de la session du {when}</span>
            </button>
          )}
          <button type="button" className="danger" onClick={onDelete}>
            Supprimer<span className="visually-hidden"> la session du {when}</span>
          </button>
        </td>
      </tr>
      {correcting && (
        <tr className="entretien-correct-row">
          <td colSpan={5}>
            <CorrectEndForm session={session} onSave={onCorrect} onClose={close} />
          </td>
        </tr>
      )}
    </>
  );
}
