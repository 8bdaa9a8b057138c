/** Why a waiting update cannot be applied yet, as French sentences for the update prompt. */
import type { SyncConnection } from '../../sync/sync-status.types.ts';

export interface UpdateBlockInput {
  pendingCount: number;
  dirtyForms: number;
  connection: SyncConnection;
}

function pendingHint(connection: SyncConnection): string {
  if (connection === 'offline') return ' (hors ligne : l’envoi reprendra au retour du réseau)';
  if (connection === 'needs-sign-in') return ' (reconnectez-vous pour les envoyer)';
  return '';
}

export function updateBlockers({ pendingCount, dirtyForms, connection }: UpdateBlockInput): string[] {
  const reasons: string[] = [];
  if (pendingCount > 0) {
    const noun = pendingCount > 1 ? 'modifications' : 'modification';
    reasons.push(`Envoi de ${pendingCount} ${noun} en attente…${pendingHint(connection)}`);
  }
  if (dirtyForms === 1) reasons.push('Un formulaire est en cours de saisie');
  if (dirtyForms > 1) reasons.push(`${dirtyForms} formulaires sont en cours de saisie`);
  return reasons;
}
