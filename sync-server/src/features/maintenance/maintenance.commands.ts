/**
 * What the REST endpoints do. Writes go through the replication push engine with the same rules
 * as the PWA's pushes (same tables, same normalisation and merges), so they reach every device
 * through the stream; reads use the same pure functions as the PWA (computeTotals).
 */
import { collections } from '@itercraft/shared/collections/index';
import { errorCodes } from '@itercraft/shared/errors';
import { randomId } from '@itercraft/shared/ids';
import { checkActivityLabel } from '@itercraft/shared/maintenance/activity-code';
import { labelErrorCode, newPrivateActivity, takenCodes } from '@itercraft/shared/maintenance/activity.rules';
import { shouldAutoStop } from '@itercraft/shared/maintenance/session.rules';
import { computeTotals } from '@itercraft/shared/maintenance/totals';
import { periodsAt } from '@itercraft/shared/maintenance/time-zone';
import type { PushOutcome } from '@itercraft/shared/sync/protocol';
import { sql, type DatabasePool } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { badRequest, conflict, notFound, type AppError } from '../../http/errors.ts';
import { pushChanges } from '../sync/push.ts';
import type { CollectionRules, WireDoc } from '../sync/rules.ts';
import { tableSpec } from '../sync/table-spec.ts';
import * as repo from './maintenance.repo.ts';
import { activityDto, sessionDto, type MaintenanceActivityDto, type MaintenanceSessionDto, type MaintenanceTotalsDto } from './maintenance.dto.ts';
import { serviceRules } from './services.rules.ts';
import { sessionRules } from './sessions.rules.ts';

export interface CommandDeps {
  db: DatabasePool;
  logger: Logger;
  now: () => number;
}

export const restMessages = {
  SERVICE_NOT_FOUND: (code: string) => `Service non trouvé: ${code}`,
  ALREADY_RUNNING: 'Une session est déjà en cours pour ce service',
  NO_ACTIVE_SESSION: 'Aucune session active pour ce service',
  SESSION_NOT_FOUND: 'Session non trouvée',
  RETRY: 'Écriture concurrente, réessayez',
} as const;

const sessionsSpec = tableSpec(collections.maintenanceSessions);
const servicesSpec = tableSpec(collections.services);

/** Rejections that mean "already exists" are 409; every other refusal is a 400 with its reason. */
function failure(outcome: Exclude<PushOutcome<WireDoc>, { status: 'accepted' }>): AppError {
  if (outcome.status === 'conflict') return conflict(restMessages.RETRY);
  if (outcome.code === errorCodes.DUPLICATE) return conflict(outcome.reason, outcome.code);
  return badRequest(outcome.reason, undefined, outcome.code);
}

async function pushOne(deps: CommandDeps, collection: 'sessions' | 'services', userId: string, doc: WireDoc, assumed: WireDoc | null) {
  const [spec, rules]: [typeof sessionsSpec, CollectionRules] = collection === 'sessions' ? [sessionsSpec, sessionRules] : [servicesSpec, serviceRules];
  const [outcome] = await pushChanges(deps, spec, rules, userId, [{ assumedMasterState: assumed, newDocumentState: doc }]);
  if (!outcome) throw new Error('push returned no outcome');
  return outcome;
}

async function sessionWire(db: DatabasePool, userId: string, id: string): Promise<WireDoc | null> {
  const row: unknown = await db.maybeOne(sql.unsafe`
    SELECT ${sessionsSpec.selectList} FROM maintenance_sessions WHERE id = ${id} AND owner_id = ${userId}`);
  return row ? collections.maintenanceSessions.wireSchema.parse(row) : null;
}

async function serviceByCode(deps: CommandDeps, userId: string, code: string): Promise<repo.ServiceRow> {
  const service = await repo.findServiceByCode(deps.db, userId, code);
  if (!service) throw notFound(restMessages.SERVICE_NOT_FOUND(code));
  return service;
}

/** The session as stored after a write; if a race merged it away, its survivor. */
async function storedSession(deps: CommandDeps, userId: string, id: string): Promise<repo.SessionRow> {
  let row = await repo.findSession(deps.db, userId, id);
  for (let hops = 0; row?.deleted && row.mergedInto && hops < 32; hops++) row = await repo.findSession(deps.db, userId, row.mergedInto);
  if (!row) throw new Error(`session ${id} vanished after its write`);
  return row;
}

export async function createActivity(deps: CommandDeps, userId: string, label: string): Promise<MaintenanceActivityDto> {
  const services = await repo.visibleServices(deps.db, userId);
  const check = checkActivityLabel(label, takenCodes(services));
  if (!check.ok) {
    const code = labelErrorCode(check.error);
    throw code === 'DUPLICATE' ? conflict(check.message, code) : badRequest(check.message, undefined, code);
  }
  const doc = { ...newPrivateActivity(userId, check.label, deps.now()), rev: 0, updatedAt: 0, writeId: randomId(), deleted: false };
  const outcome = await pushOne(deps, 'services', userId, doc, null);
  if (outcome.status !== 'accepted') throw failure(outcome);
  return { serviceCode: doc.code, serviceLabel: doc.label, isActive: false, startedAt: null, totalMinutesToday: 0 };
}

export async function startActivity(deps: CommandDeps, userId: string, code: string): Promise<MaintenanceSessionDto> {
  const service = await serviceByCode(deps, userId, code);
  const running = await repo.findRunning(deps.db, userId, service.id);
  if (running && !shouldAutoStop(running, deps.now())) throw conflict(restMessages.ALREADY_RUNNING, 'ALREADY_RUNNING');
  const id = randomId();
  const doc: WireDoc = {
    id,
    rev: 0,
    updatedAt: 0,
    writeId: randomId(),
    deleted: false,
    serviceId: service.id,
    startedAt: deps.now(),
    endedAt: null,
    durationMinutes: null,
    autoStopped: false,
    mergedInto: null,
  };
  const outcome = await pushOne(deps, 'sessions', userId, doc, null);
  if (outcome.status !== 'accepted') throw failure(outcome);
  return sessionDto(await storedSession(deps, userId, id), service, deps.now());
}

export async function stopActivity(deps: CommandDeps, userId: string, code: string): Promise<MaintenanceSessionDto> {
  const service = await serviceByCode(deps, userId, code);
  // A concurrent write (another device, the auto-stop job) may move the revision: retry on fresh state.
  for (let attempt = 0; attempt < 3; attempt++) {
    const running = await repo.findRunning(deps.db, userId, service.id);
    // Past 4 h it is already over (the job may not have run): nothing is active, as /activities says.
    if (!running || shouldAutoStop(running, deps.now())) throw conflict(restMessages.NO_ACTIVE_SESSION, 'NO_ACTIVE_SESSION');
    const current = await sessionWire(deps.db, userId, running.id);
    if (!current) continue;
    const doc = { ...current, endedAt: deps.now(), writeId: randomId() };
    const outcome = await pushOne(deps, 'sessions', userId, doc, current);
    if (outcome.status === 'conflict') continue;
    if (outcome.status !== 'accepted') throw failure(outcome);
    return sessionDto(await storedSession(deps, userId, running.id), service, deps.now());
  }
  throw conflict(restMessages.RETRY);
}

export async function deleteSession(deps: CommandDeps, userId: string, id: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await sessionWire(deps.db, userId, id);
    // Another user's session and an unknown id get the same answer: existence is not revealed.
    if (!current || current.deleted) throw notFound(restMessages.SESSION_NOT_FOUND);
    const outcome = await pushOne(deps, 'sessions', userId, { ...current, deleted: true, writeId: randomId() }, current);
    if (outcome.status === 'conflict') continue;
    if (outcome.status !== 'accepted') throw failure(outcome);
    return;
  }
  throw conflict(restMessages.RETRY);
}

export async function activityHistory(deps: CommandDeps, userId: string, code: string): Promise<MaintenanceSessionDto[]> {
  const service = await serviceByCode(deps, userId, code);
  const rows = await repo.history(deps.db, userId, service.id);
  const now = deps.now();
  return rows.map((r) => sessionDto(r, service, now));
}

async function totalsInput(deps: CommandDeps, userId: string, timeZone: string) {
  const now = deps.now();
  const p = periodsAt(now, timeZone);
  const [services, sessions] = await Promise.all([
    repo.visibleServices(deps.db, userId),
    repo.sessionsSince(deps.db, userId, Math.min(p.week.start, p.year.start)),
  ]);
  return { now, services, sessions, timeZone };
}

export async function maintenanceTotals(deps: CommandDeps, userId: string, timeZone: string): Promise<MaintenanceTotalsDto> {
  const { now, services, sessions } = await totalsInput(deps, userId, timeZone);
  const t = computeTotals({ sessions, activities: services, now, timeZone });
  return {
    todayMinutes: t.todayMinutes,
    weekMinutes: t.weekMinutes,
    monthMinutes: t.monthMinutes,
    yearMinutes: t.yearMinutes,
    byActivity: t.byActivity.map(({ serviceId: _id, ...row }) => row),
  };
}

/**
 * The activity list. `totalMinutesToday` counts finished sessions only, as the original did:
 * its page adds the running session's elapsed time itself.
 */
export async function listActivities(deps: CommandDeps, userId: string, timeZone: string): Promise<MaintenanceActivityDto[]> {
  const { now, services, sessions } = await totalsInput(deps, userId, timeZone);
  const t = computeTotals({ sessions, activities: services, now, timeZone, includeRunning: false });
  const running = new Map(sessions.filter((s) => s.endedAt === null && !shouldAutoStop(s, now)).map((s) => [s.serviceId, s]));
  const byId = new Map(services.map((s) => [s.id, s]));
  return t.byActivity.map((row) => activityDto(byId.get(row.serviceId)!, running.get(row.serviceId), row.todayMinutes));
}
