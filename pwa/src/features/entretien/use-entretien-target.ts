/**
 * What the sync panel's "Corriger" link (`/entretien?corriger=<id>`) asks the Entretien page to
 * open: a session of the history, an activity's card, or, when a refused activity is no longer
 * on this device, its name back in "Nouvelle activité" to fix and resubmit. Each request (a new
 * navigation, even to the same URL) is resolved once, when the local data is read, so a later
 * change of the data (the user deletes the session) does not turn it into "introuvable".
 */
import { useState } from 'react';
import { useCorrigerParam, type CorrigerRequest } from '../../app/use-corriger-param.ts';
import type { ServiceDoc, SessionDoc } from './entretien-model.ts';
import type { EntretienData } from './use-entretien-data.ts';

export type EntretienTarget =
  | { kind: 'session'; id: string; key: string }
  | { kind: 'activity'; id: string; key: string }
  | { kind: 'new-activity'; id: string; key: string; label: string; reason: string }
  | { kind: 'unknown'; id: string; key: string };

export interface TargetSources {
  sessions: readonly SessionDoc[];
  services: readonly ServiceDoc[];
  refusedActivities: EntretienData['refusedActivities'];
}

export function resolveTarget({ id, key }: CorrigerRequest, { sessions, services, refusedActivities }: TargetSources): EntretienTarget {
  if (sessions.some((s) => s.id === id)) return { kind: 'session', id, key };
  if (services.some((s) => s.id === id)) return { kind: 'activity', id, key };
  const refusal = refusedActivities.get(id);
  if (refusal?.label) return { kind: 'new-activity', id, key, label: refusal.label, reason: refusal.reason };
  return { kind: 'unknown', id, key };
}

/** The current "Corriger" request of the page, resolved against the local data; null when none. */
export function useEntretienTarget(data: EntretienData): EntretienTarget | null {
  const request = useCorrigerParam();
  const [target, setTarget] = useState<EntretienTarget | null>(null);
  // Every source read: the whole history, the activities and the open sync issues.
  const sessions = !data.loading && data.issuesLoaded ? data.all : null;
  if (!request) {
    if (target) setTarget(null);
  } else if (sessions && target?.key !== request.key) {
    setTarget(resolveTarget(request, { sessions, services: data.services, refusedActivities: data.refusedActivities }));
  }
  return request && target?.key === request.key ? target : null;
}

/** French notice of a request this device cannot open. */
export const UNKNOWN_TARGET =
  'La modification à corriger n’est plus sur cet appareil : elle a sans doute déjà été corrigée ou abandonnée.';
