/**
 * Entretien (§7.4 of the original, in French): add form, activity cards with live timers, the
 * "Temps total" table and the "Historique" accordion. Everything reads local RxDB data and writes
 * locally, so the page works with the network off; unsynced items carry <PendingMark />.
 * Route module contract: named export `EntretienPage`.
 */
import { useCallback, useMemo, useState } from 'react';
import { useAuth } from '../../auth/use-auth.ts';
import { useOptionalDatabase } from '../../db/use-database.ts';
import type { AppDatabase } from '../../db/collections.ts';
import { ActivityCard } from './components/activity-card.tsx';
import { AddActivityForm } from './components/add-activity-form.tsx';
import { HistoryAccordion } from './components/history-accordion.tsx';
import { TotalsTable } from './components/totals-table.tsx';
import { closeFixedRefusal, correctEnd, createActivity, deleteSession, startSession, stopSession, type ActionResult } from './entretien-actions.ts';
import { buildView, recentSince, sessionCounts, userTimeZone } from './entretien-model.ts';
import { useEntretienData, useLocalAutoStop, useServerNow } from './use-entretien-data.ts';
import { UNKNOWN_TARGET, useEntretienTarget } from './use-entretien-target.ts';
import './entretien.css';

const WRITE_FAILED = 'L’enregistrement sur cet appareil a échoué. Réessayez.';

/** Runs an action; a refusal or a failed local write becomes a visible message. */
function useReporter(): [string | null, (action: Promise<ActionResult | void>) => void] {
  const [message, setMessage] = useState<string | null>(null);
  const report = useCallback((action: Promise<ActionResult | void>) => {
    setMessage(null);
    action
      .then((r) => {
        if (r && !r.ok) setMessage(r.message);
      })
      .catch((err: unknown) => {
        console.error('Entretien : écriture locale impossible', err);
        setMessage(WRITE_FAILED);
      });
  }, []);
  return [message, report];
}

export function EntretienPage() {
  const db = useOptionalDatabase();
  if (!db) {
    return (
      <p className="page" role="status">
        Ouverture des données locales…
      </p>
    );
  }
  return <EntretienContent db={db} timeZone={userTimeZone()} />;
}

export interface EntretienContentProps {
  db: AppDatabase;
  timeZone: string;
}

export function EntretienContent({ db, timeZone }: EntretienContentProps) {
  const { user } = useAuth();
  // Ticks every second only while a timer runs; the first value decides the recent window.
  const [tick, setTick] = useState(30_000);
  const now = useServerNow(db, tick);
  const since = recentSince(now, timeZone);
  const data = useEntretienData(db, since);
  const anyRunning = data.recent.some((s) => s.endedAt === null);
  if (tick !== (anyRunning ? 1000 : 30_000)) setTick(anyRunning ? 1000 : 30_000);
  useLocalAutoStop(db, data.all ?? [], now);
  const refusedIds = useMemo(() => new Set(data.refused.keys()), [data.refused]);
  const view = useMemo(
    () => buildView(data.services, data.recent, data.all, now, timeZone, refusedIds),
    [data.services, data.recent, data.all, now, timeZone, refusedIds],
  );
  const counts = useMemo(() => sessionCounts(data.all ?? []), [data.all]);
  const [message, report] = useReporter();
  // The sync panel's "Corriger" link: /entretien?corriger=<id of a session or an activity>.
  const target = useEntretienTarget(data);

  return (
    <article className="page entretien-page">
      <h1>Entretien</h1>
      {data.loading ? (
        <p role="status">Chargement des activités…</p>
      ) : (
        <>
          {/* Only once the activities are known: the duplicate check needs them. */}
          <AddActivityForm
            onAdd={(label) => createActivity(db, user?.sub ?? null, label, data.services)}
            refused={target?.kind === 'new-activity' ? target : null}
            onFixed={(r) => void closeFixedRefusal(db, r.id).catch((err: unknown) => console.warn('Entretien : refus non clos', err))}
          />
          {target?.kind === 'unknown' && (
            <p className="notice notice-info" role="status">
              {UNKNOWN_TARGET}
            </p>
          )}
          {message && (
            <p className="notice notice-warning" role="alert">
              {message}
            </p>
          )}
          <section aria-labelledby="entretien-activities-title">
            <h2 id="entretien-activities-title" className="visually-hidden">
              Activités
            </h2>
            <div className="entretien-cards">
              {view.activities.map((a) => (
                <ActivityCard
                  key={a.service.id}
                  activity={a}
                  now={now}
                  onStart={() => report(startSession(db, a.service.id, a.running))}
                  onStop={() => a.running && report(stopSession(db, a.running))}
                  refusedReason={data.refusedActivities.get(a.service.id)?.reason}
                  focusKey={target?.kind === 'activity' && target.id === a.service.id ? target.key : undefined}
                />
              ))}
            </div>
          </section>
          {view.totals && data.all ? (
            <>
              <TotalsTable totals={view.totals} />
              <HistoryAccordion
                activities={view.activities}
                sessions={data.all}
                counts={counts}
                now={now}
                refused={data.refused}
                target={target?.kind === 'session' ? target : null}
                onDelete={(s) => report(deleteSession(db, s.id))}
                onCorrect={(s, endedAt) => correctEnd(db, s, endedAt)}
              />
            </>
          ) : (
            <p role="status" className="entretien-loading">
              Chargement des totaux et de l’historique…
            </p>
          )}
        </>
      )}
    </article>
  );
}
