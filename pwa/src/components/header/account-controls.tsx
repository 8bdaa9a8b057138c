/**
 * Sign-in / signed-in user and sign-out. Signing out discards this device's local data, so when
 * changes are still unsent (pending or refused) the user is asked first.
 */
import { useState } from 'react';
import type { AuthActions, AuthState } from '../../auth/auth.types.ts';
import { ConfirmDialog } from '../confirm-dialog.tsx';

export interface AccountControlsProps {
  auth: AuthState & Pick<AuthActions, 'signIn' | 'signOut'>;
  /** Pending + refused changes that signing out would discard. */
  unsentCount: number;
  /** Path to come back to after sign-in. */
  returnTo: string;
}

function unsentSentence(count: number): string {
  return count === 1
    ? '1 modification n’a pas encore été envoyée au serveur.'
    : `${count} modifications n’ont pas encore été envoyées au serveur.`;
}

export function AccountControls({ auth, unsentCount, returnTo }: AccountControlsProps) {
  const [confirming, setConfirming] = useState(false);
  if (!auth.ready) return null;
  if (!auth.user) {
    return (
      <button type="button" className="account-button" onClick={() => void auth.signIn(returnTo)}>
        Connexion
      </button>
    );
  }

  function handleSignOut() {
    if (unsentCount > 0) setConfirming(true);
    else void auth.signOut();
  }

  return (
    <div className="account">
      <span className="account-name">{auth.user.displayName}</span>
      <button type="button" className="account-button" onClick={handleSignOut}>
        Déconnexion
      </button>
      <ConfirmDialog
        open={confirming}
        title="Se déconnecter ?"
        confirmLabel="Se déconnecter et abandonner"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void auth.signOut();
        }}
      >
        <p>{unsentSentence(unsentCount)}</p>
        <p>
          Se déconnecter efface les données de cet appareil : ces modifications seraient perdues. Restez connecté
          jusqu’à ce que la synchronisation soit terminée pour les garder.
        </p>
      </ConfirmDialog>
    </div>
  );
}
