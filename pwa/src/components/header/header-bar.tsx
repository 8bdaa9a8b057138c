/** The header's layout: logo, navigation, install button, sync indicator, account, reconnect notice. */
import { Link } from 'react-router';
import type { AuthActions, AuthState } from '../../auth/auth.types.ts';
import type { SyncActions, SyncStatus } from '../../sync/sync-status.types.ts';
import { InstallButton } from '../install-button.tsx';
import { SyncIndicator } from '../sync/sync-indicator.tsx';
import { AccountControls } from './account-controls.tsx';
import { MainNav } from './main-nav.tsx';
import { ReconnectNotice } from './reconnect-notice.tsx';

export interface HeaderBarProps {
  auth: AuthState & AuthActions;
  sync: SyncStatus & SyncActions;
  online: boolean;
  /** Current path, to come back to after sign-in. */
  returnTo: string;
}

export function HeaderBar({ auth, sync, online, returnTo }: HeaderBarProps) {
  const signedIn = auth.user !== null;
  // While a silent refresh is in flight (right after the network came back) nothing is asked yet:
  // it usually succeeds, and "session expirée" would only flash.
  const refreshing = auth.refreshing === true;
  const needsSignIn = signedIn && !refreshing && (sync.connection === 'needs-sign-in' || auth.tokenExpired);
  const signIn = () => void auth.signIn(returnTo);
  return (
    <header className="app-header">
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <div className="header-bar">
        <Link to="/" className="logo" aria-label="itercraft, accueil">
          itercraft
        </Link>
        <MainNav signedIn={signedIn} />
        <div className="header-tools">
          <InstallButton />
          {signedIn ? (
            <SyncIndicator status={sync} actions={sync} online={online} refreshing={refreshing} onSignIn={signIn} />
          ) : (
            !online && <span className="offline-badge">Hors ligne</span>
          )}
          <AccountControls auth={auth} unsentCount={sync.pendingCount + sync.rejected.length} returnTo={returnTo} />
        </div>
      </div>
      <ReconnectNotice needsSignIn={needsSignIn} online={online} onSignIn={signIn} />
    </header>
  );
}
