/**
 * The update prompt's state machine. "Recharger" requests the update; it is applied (skipWaiting,
 * then the store's guarded reload) only once no change is pending and no form is dirty. Until then,
 * and again if a blocker appears while the new version activates, the prompt says why it waits.
 */
import { useEffect, useState } from 'react';
import { updateBlockers, type UpdateBlockInput } from './update-blockers.ts';

export type UpdatePhase = 'hidden' | 'available' | 'waiting' | 'applying';

export interface UpdateFlowInput extends UpdateBlockInput {
  available: boolean;
  /** Must be stable across renders; called each time a request becomes unblocked (idempotent). */
  apply: () => void;
  /** Called when a request is withdrawn, so a reload held for it does not happen later. */
  withdraw?: () => void;
}

export interface UpdateFlow {
  phase: UpdatePhase;
  /** Reasons the update waits (empty unless phase is 'waiting'). */
  reasons: string[];
  request: () => void;
  /** Withdraws a request, or hides the prompt until the next page load. */
  cancel: () => void;
}

function phaseOf(available: boolean, dismissed: boolean, requested: boolean, blocked: boolean): UpdatePhase {
  if (!available || dismissed) return 'hidden';
  if (!requested) return 'available';
  return blocked ? 'waiting' : 'applying';
}

export function useUpdateFlow(input: UpdateFlowInput): UpdateFlow {
  const [requested, setRequested] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const reasons = updateBlockers(input);
  const blocked = reasons.length > 0;
  const { available, apply, withdraw } = input;

  useEffect(() => {
    if (!available || !requested || blocked) return;
    apply();
  }, [available, apply, requested, blocked]);

  const phase = phaseOf(available, dismissed, requested, blocked);
  return {
    phase,
    reasons: phase === 'waiting' ? reasons : [],
    request: () => setRequested(true),
    cancel: () => {
      if (!requested) return setDismissed(true);
      setRequested(false);
      withdraw?.();
    },
  };
}
