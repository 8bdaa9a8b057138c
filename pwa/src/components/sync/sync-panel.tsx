/** The panel under the sync indicator: state in words, pending count, clock warning, refused changes. */
import type { SyncActions, SyncStatus } from '../../sync/sync-status.types.ts';
import { RejectedChangeItem } from './rejected-change-item.tsx';
import { clockSkewWarning, connectionLabel, lastSyncedLabel, pendingLabel } from './sync-labels.ts';

export interface SyncPanelProps {
  id: string;
  status: SyncStatus;
  actions: SyncActions;
  now: number;
  online: boolean;
  /** A silent token refresh is in flight. */
  refreshing?: boolean;
  onSignIn: () => void;
  onClose: () => void;
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' });

function SignInHint({ online, onSignIn }: Pick<SyncPanelProps, 'online' | 'onSignIn'>) {
  if (!online) {
    return (
      <p>
        Votre session a expiré. Vous pourrez vous reconnecter au retour du réseau ; d’ici là, vos modifications
        restent enregistrées sur cet appareil.
      </p>
    );
  }
  return (
    <p>
      Votre session a expiré : la synchronisation reprendra après reconnexion.{' '}
      <button type="button" onClick={onSignIn}>Se reconnecter</button>
    </p>
  );
}

export function SyncPanel({ id, status, actions, now, online, refreshing = false, onSignIn, onClose }: SyncPanelProps) {
  const skew = clockSkewWarning(status.clockOffsetMs);
  return (
    <section id={id} className="sync-panel" aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`}>Synchronisation</h2>
      <dl className="sync-facts">
        <dt>État</dt>
        <dd>{connectionLabel(status)}</dd>
        <dt>En attente</dt>
        <dd>{pendingLabel(status.pendingCount)}</dd>
        <dt>Dernière synchronisation</dt>
        <dd>
          {status.lastSyncedAt === null
            ? 'Jamais'
            : `${dateTime.format(status.lastSyncedAt)} (${lastSyncedLabel(status.lastSyncedAt, now)})`}
        </dd>
      </dl>
      {status.connection === 'needs-sign-in' &&
        (refreshing ? <p>Renouvellement de la session…</p> : <SignInHint online={online} onSignIn={onSignIn} />)}
      {status.lastError && <p className="error-text">{status.lastError}</p>}
      {skew && <p className="warning-text">{skew}</p>}
      <h3>Modifications refusées ({status.rejected.length})</h3>
      {status.rejected.length === 0 ? (
        <p>Aucune modification refusée.</p>
      ) : (
        <ul className="rejected-list">
          {status.rejected.map((change) => (
            <RejectedChangeItem key={change.key} change={change} onDiscard={(key) => actions.discardRejected(key)} onNavigate={onClose} />
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="button" onClick={() => actions.retryNow()} disabled={!online}>
          Réessayer maintenant
        </button>
        <button type="button" onClick={onClose}>Fermer</button>
      </div>
    </section>
  );
}
