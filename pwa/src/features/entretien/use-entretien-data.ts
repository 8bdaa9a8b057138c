/**
 * Local data of the Entretien page (RxDB only, so it works with the network off), a ticking
 * server-time clock, and the device-side 4-hour rule.
 */
import { useEffect, useMemo, useState } from 'react';
import { map } from 'rxjs';
import type { AppDatabase } from '../../db/collections.ts';
import type { SyncIssue } from '../../db/sync-issue.schema.ts';
import { openIssues$ } from '../../db/sync-issues.ts';
import { useRxQuery, type ReactiveQuery } from '../../db/use-rx-query.ts';
import { autoStopLocally, serverNowOf } from './entretien-actions.ts';
import { overdueSessions, type ServiceDoc, type SessionDoc } from './entretien-model.ts';

export interface EntretienData {
  services: ServiceDoc[];
  /** Sessions started since `recentSince` (running and today's): enough for the cards. */
  recent: SessionDoc[];
  /** Every session, or null while the full history is still loading. */
  all: SessionDoc[] | null;
  /** Refusal reason by session id (open sync issues), shown next to the refused session. */
  refused: Map<string, string>;
  /** Open sync issues of activities (a private activity refused, e.g. a duplicate name), by id. */
  refusedActivities: Map<string, ActivityRefusal>;
  /** False until the open sync issues are read (the "Corriger" link needs them). */
  issuesLoaded: boolean;
  loading: boolean;
}

export interface ActivityRefusal {
  reason: string;
  /** The refused name, to propose it again in "Nouvelle activité" when the document is gone. */
  label: string | null;
}

interface Refusals {
  sessions: Map<string, string>;
  activities: Map<string, ActivityRefusal>;
}

function refusalsOf(issues: readonly SyncIssue[]): Refusals {
  const sessions = new Map<string, string>();
  const activities = new Map<string, ActivityRefusal>();
  for (const i of issues) {
    if (i.collectionName === 'maintenanceSessions') sessions.set(i.docId, i.reason);
    if (i.collectionName === 'services') {
      const label = i.localDoc?.label;
      activities.set(i.docId, { reason: i.reason, label: typeof label === 'string' ? label : null });
    }
  }
  return { sessions, activities };
}

const NO_SESSION_REFUSALS = new Map<string, string>();
const NO_ACTIVITY_REFUSALS = new Map<string, ActivityRefusal>();

const plain = <T,>(docs: readonly { toJSON(): unknown }[] | undefined): T[] => (docs ?? []).map((d) => d.toJSON() as T);

export function useEntretienData(db: AppDatabase, recentSince: number): EntretienData {
  const services = useRxQuery(db.services.find());
  const recent = useRxQuery(db.maintenanceSessions.find({ selector: { startedAt: { $gte: recentSince } } }));
  const all = useRxQuery(db.maintenanceSessions.find());
  const issuesQuery = useMemo<ReactiveQuery<Refusals>>(
    () => ({ $: openIssues$(db).pipe(map(refusalsOf)), toString: () => 'entretien-refusals' }),
    [db],
  );
  const refused = useRxQuery(issuesQuery).result;
  const serviceList = useMemo(() => plain<ServiceDoc>(services.result), [services.result]);
  const recentList = useMemo(() => plain<SessionDoc>(recent.result), [recent.result]);
  const allList = useMemo(() => (all.result ? plain<SessionDoc>(all.result) : null), [all.result]);
  return {
    services: serviceList,
    recent: recentList,
    all: allList,
    refused: refused?.sessions ?? NO_SESSION_REFUSALS,
    refusedActivities: refused?.activities ?? NO_ACTIVITY_REFUSALS,
    issuesLoaded: refused !== undefined,
    loading: services.result === undefined || recent.result === undefined,
  };
}

/** Server time now, refreshed every `intervalMs` (1 s while a timer runs). */
export function useServerNow(db: AppDatabase, intervalMs: number): number {
  const [now, setNow] = useState(() => serverNowOf(db));
  useEffect(() => {
    const timer = window.setInterval(() => setNow(serverNowOf(db)), intervalMs);
    return () => window.clearInterval(timer);
  }, [db, intervalMs]);
  return now;
}

/**
 * Writes the auto-stop of sessions that passed 4 h, as the server's job does (same values, so no
 * conflict): the card frees up and the history says "(auto)" even with the network off.
 */
export function useLocalAutoStop(db: AppDatabase, sessions: readonly SessionDoc[], now: number): void {
  const overdue = useMemo(() => overdueSessions(sessions, now).map((s) => s.id).join(','), [sessions, now]);
  useEffect(() => {
    if (!overdue) return;
    const due = sessions.filter((s) => overdue.split(',').includes(s.id));
    autoStopLocally(db, due).catch((err: unknown) => console.warn('auto-stop local impossible', err));
    // `sessions` changes with every write; the ids are what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, overdue]);
}
