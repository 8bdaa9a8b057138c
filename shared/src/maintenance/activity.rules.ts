/**
 * Rules of a user-created (private) activity, used by the server's push rules and REST route
 * and by the PWA before it writes: the same checks, the same French messages.
 */
import { privateActivityId } from '../ids.ts';
import { activityCode, checkActivityLabel, type ActivityLabelError } from './activity-code.ts';

export const activityErrorCodes = {
  LABEL_BLANK: 'LABEL_BLANK',
  LABEL_NO_ALNUM: 'LABEL_NO_ALNUM',
  LABEL_TOO_LONG: 'LABEL_TOO_LONG',
  DUPLICATE: 'DUPLICATE',
  CODE_MISMATCH: 'CODE_MISMATCH',
  ID_MISMATCH: 'ID_MISMATCH',
  INVALID_SCOPE: 'INVALID_SCOPE',
} as const;
export type ActivityErrorCode = keyof typeof activityErrorCodes;

export const activityMessages: Record<'CODE_MISMATCH' | 'ID_MISMATCH' | 'INVALID_SCOPE', string> = {
  CODE_MISMATCH: "Le code de l'activité ne correspond pas à son nom",
  ID_MISMATCH: "L'identifiant de l'activité ne correspond pas à son nom",
  INVALID_SCOPE: 'Seules les activités personnelles peuvent être créées',
};

/** The wire code of a label error (CODE_DUPLICATE is reported as the generic DUPLICATE). */
export function labelErrorCode(error: ActivityLabelError): ActivityErrorCode {
  return error === 'CODE_DUPLICATE' ? 'DUPLICATE' : error;
}

/**
 * The codes a new label must not produce: every visible activity's code and the code of its
 * label. The seeds' codes are short (`tondeuse`) while their labels are not ("Passer la
 * tondeuse" → `passer_la_tondeuse`); a private "Passer la Tondeuse" would be a confusing twin.
 */
export function takenCodes(activities: Iterable<{ code: string; label: string }>): Set<string> {
  const taken = new Set<string>();
  for (const a of activities) {
    taken.add(a.code);
    taken.add(activityCode(a.label));
  }
  return taken;
}

export interface PrivateActivityInput {
  id: string;
  code: string;
  label: string;
  scope: 'global' | 'private';
}

export type ActivityCheck = { ok: true } | { ok: false; code: ActivityErrorCode; reason: string };

/**
 * A private activity document is valid when its label passes checkActivityLabel against the
 * codes the user already sees (takenCodes of the global activities and their other private ones), its code is
 * activityCode(label), and its id is privateActivityId(user, code), so two devices creating the
 * same label offline write the same document and converge.
 */
export function checkPrivateActivity(doc: PrivateActivityInput, userId: string, otherCodes: Iterable<string>): ActivityCheck {
  if (doc.scope !== 'private') return { ok: false, code: 'INVALID_SCOPE', reason: activityMessages.INVALID_SCOPE };
  const label = checkActivityLabel(doc.label, otherCodes);
  if (!label.ok) return { ok: false, code: labelErrorCode(label.error), reason: label.message };
  if (doc.code !== activityCode(doc.label)) return { ok: false, code: 'CODE_MISMATCH', reason: activityMessages.CODE_MISMATCH };
  if (doc.id !== privateActivityId(userId, doc.code)) return { ok: false, code: 'ID_MISMATCH', reason: activityMessages.ID_MISMATCH };
  return { ok: true };
}

/** The document fields of a new private activity from a label already checked. */
export function newPrivateActivity(userId: string, label: string, now: number) {
  const trimmed = label.trim();
  const code = activityCode(trimmed);
  return {
    id: privateActivityId(userId, code),
    code,
    label: trimmed,
    description: null,
    scope: 'private' as const,
    createdAt: now,
  };
}
