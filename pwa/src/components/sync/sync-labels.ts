/** French wording of the sync status, kept pure so every state is unit-tested. */
import { corrigerHref } from '../../app/use-corriger-param.ts';
import type { SyncConnection, SyncStatus } from '../../sync/sync-status.types.ts';

/** Above this server/device clock difference the panel warns the user. */
export const CLOCK_SKEW_WARNING_MS = 5 * 60 * 1000;

const CONNECTION_LABELS: Record<SyncConnection, string> = {
  connected: 'En ligne',
  offline: 'Hors ligne',
  connecting: 'Connexion…',
  error: 'Erreur de synchronisation',
  'needs-sign-in': 'Reconnexion requise',
};

export function connectionLabel(status: Pick<SyncStatus, 'connection' | 'syncing'>): string {
  if (status.connection === 'connected' && status.syncing) return 'Synchronisation…';
  return CONNECTION_LABELS[status.connection];
}

/** Visual tone of the indicator dot. */
export function connectionTone(status: Pick<SyncStatus, 'connection' | 'syncing'>): 'ok' | 'busy' | 'off' | 'alert' {
  switch (status.connection) {
    case 'connected':
      return status.syncing ? 'busy' : 'ok';
    case 'connecting':
      return 'busy';
    case 'offline':
      return 'off';
    default:
      return 'alert';
  }
}

const relative = new Intl.RelativeTimeFormat('fr', { numeric: 'always', style: 'short' });

/** "il y a 2 min", "à l'instant", "il y a 3 h", "il y a 2 j". */
export function formatAgo(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 60) return 'à l’instant';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return relative.format(-minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return relative.format(-hours, 'hour');
  return relative.format(-Math.floor(hours / 24), 'day');
}

export function lastSyncedLabel(lastSyncedAt: number | null, nowMs: number): string {
  return lastSyncedAt === null ? 'Jamais synchronisé' : `Synchronisé ${formatAgo(lastSyncedAt, nowMs)}`;
}

export function pendingLabel(count: number): string {
  if (count === 0) return 'Aucune modification en attente';
  return count === 1 ? '1 modification en attente' : `${count} modifications en attente`;
}

/** A warning when this device's clock is far from the server's, else null. */
export function clockSkewWarning(clockOffsetMs: number): string | null {
  if (Math.abs(clockOffsetMs) <= CLOCK_SKEW_WARNING_MS) return null;
  const minutes = Math.round(Math.abs(clockOffsetMs) / 60000);
  const direction = clockOffsetMs > 0 ? 'en retard' : 'en avance';
  return (
    `L’horloge de cet appareil est ${direction} de ${minutes} min sur celle du serveur. ` +
    'Les heures enregistrées sont corrigées automatiquement, mais mieux vaut régler l’horloge de l’appareil.'
  );
}

/**
 * Pages that open a refused document from `?corriger=<docId>` (see useCorrigerParam), by
 * collection. Only collections whose page really opens that record are listed: Entretien opens a
 * session of its history, or a private activity (its card, or its refused name back in "Nouvelle
 * activité" to fix), the dashboard a device of "Mes capteurs". Any other refusal (a game, a
 * subscription, a usage) can only be abandoned, so no "Corriger" is offered.
 */
const FIX_PAGES: Record<string, string> = {
  maintenanceSessions: '/entretien',
  services: '/entretien',
  sensorDevices: '/dashboard',
};

/** Link target of "Corriger", or null when no page can open this document. */
export function fixLinkFor(collection: string, docId: string): string | null {
  const page = FIX_PAGES[collection];
  return page ? corrigerHref(page, docId) : null;
}
