/**
 * Push rules of `services` (maintenance activities). Users create private activities only;
 * the checks are shared with the PWA (checkPrivateActivity): label, code = activityCode(label),
 * id = privateActivityId(user, code), no code already used by a global activity or by another of
 * the user's own. Global rows are read-only (the push engine refuses writes to ownerless rows).
 */
import { checkPrivateActivity, takenCodes } from '@itercraft/shared/maintenance/activity.rules';
import { FUTURE_TOLERANCE_MS } from '@itercraft/shared/maintenance/session.rules';
import { RejectError, type CollectionRules, type PushContext, type StaleWriteContext, type WireDoc } from '../sync/rules.ts';
import * as repo from './maintenance.repo.ts';

type ServiceWire = WireDoc & { code: string; label: string; scope: 'global' | 'private'; createdAt: number };

async function prepareService(raw: WireDoc, ctx: PushContext): Promise<WireDoc> {
  const doc = raw as ServiceWire;
  if (doc.deleted) return doc;
  const check = checkPrivateActivity(doc, ctx.userId, takenCodes(await repo.otherActivities(ctx.tx, ctx.userId, doc.id)));
  if (!check.ok) throw new RejectError(check.code, check.reason);
  const current = ctx.current as ServiceWire | null;
  const createdAt = current ? current.createdAt : doc.createdAt > ctx.now + FUTURE_TOLERANCE_MS ? ctx.now : doc.createdAt;
  return { ...doc, createdAt };
}

/**
 * Two devices that create the same label offline write the same id (the id derives from the
 * code): the second write finds the first one stored and converges on it (the stored label
 * stays) instead of reporting a conflict. Only creations converge this way: a stale edit (the
 * client based it on an older revision) is an ordinary conflict, so its author learns of it.
 */
function resolveServiceConflict(incoming: WireDoc, ctx: StaleWriteContext): WireDoc | null {
  if (ctx.assumedRev !== null) return null;
  const current = ctx.current as ServiceWire;
  const doc = incoming as ServiceWire;
  if (!doc.deleted && !current.deleted && doc.code === current.code) return { ...current, writeId: doc.writeId };
  // Creating again an activity that was deleted brings it back (checked by prepare as new).
  if (!doc.deleted && current.deleted) return doc;
  return null;
}

export const serviceRules: CollectionRules = {
  prepare: prepareService,
  resolveConflict: resolveServiceConflict,
};
