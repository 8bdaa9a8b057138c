/** "Historique": one accordion item per activity (same order as the cards), newest session first. */
import { useId, useRef, useState } from 'react';
import type { ActionResult } from '../entretien-actions.ts';
import { historyOf, type ActivityView, type SessionDoc } from '../entretien-model.ts';
import { SessionRow } from './session-row.tsx';

const PAGE = 20;

export interface HistoryProps {
  activities: readonly ActivityView[];
  sessions: readonly SessionDoc[];
  counts: ReadonlyMap<string, number>;
  now: number;
  refused: ReadonlyMap<string, string>;
  /**
   * A session to open and focus (the sync panel's "Corriger" link: /entretien?corriger=<id>).
   * Each new `key` is a new request: the item opens again and the row takes the focus again.
   */
  target?: { id: string; key: string } | null;
  onDelete: (session: SessionDoc) => void;
  onCorrect: (session: SessionDoc, endedAt: number) => Promise<ActionResult>;
}

interface ItemProps extends Omit<HistoryProps, 'activities' | 'counts'> {
  activity: ActivityView;
  count: number;
}

function HistoryItem({ activity, count, sessions, now, refused, target, onDelete, onCorrect }: ItemProps) {
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const [handledKey, setHandledKey] = useState<string | null>(null);
  if (target && target.key !== handledKey) {
    setHandledKey(target.key);
    const index = historyOf(sessions, activity.service.id, now).findIndex((s) => s.id === target.id);
    if (index >= 0) {
      setOpen(true);
      setShown((n) => Math.max(n, index + 1));
    }
  }
  const panelId = useId();
  const header = useRef<HTMLButtonElement>(null);
  const rows = open ? historyOf(sessions, activity.service.id, now) : [];
  return (
    <li className="entretien-history-item">
      <h3>
        <button ref={header} type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
          <span>{activity.service.label}</span>
          <span className="muted">{count} session(s)</span>
        </button>
      </h3>
      <div id={panelId} hidden={!open}>
        {open && rows.length === 0 && <p className="muted">Aucune session.</p>}
        {open && rows.length > 0 && (
          <div className="table-scroll">
            <table aria-label={`Sessions : ${activity.service.label}`}>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Début</th>
                  <th scope="col">Fin</th>
                  <th scope="col">Durée</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, shown).map((s) => (
                  <SessionRow
                    key={s.id}
                    session={s}
                    refusedReason={refused.get(s.id)}
                    focusKey={s.id === target?.id ? target.key : undefined}
                    onDelete={() => {
                      onDelete(s);
                      // The row goes away: keep keyboard focus in the accordion.
                      header.current?.focus();
                    }}
                    onCorrect={(endedAt) => onCorrect(s, endedAt)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {open && rows.length > shown && (
          <button type="button" onClick={() => setShown((n) => n + PAGE)}>
            Afficher plus ({rows.length - shown} restantes)
          </button>
        )}
      </div>
    </li>
  );
}

export function HistoryAccordion({ activities, counts, ...rest }: HistoryProps) {
  return (
    <section aria-labelledby="entretien-history-title" className="entretien-history">
      <h2 id="entretien-history-title">Historique</h2>
      <ul className="entretien-history-list">
        {activities.map((a) => (
          <HistoryItem key={a.service.id} activity={a} count={counts.get(a.service.id) ?? 0} {...rest} />
        ))}
      </ul>
    </section>
  );
}
