/**
 * Gate of the pages that need a known user. No user on this device: a sign-in prompt that brings
 * the user back to this very page (the original always went to /dashboard). A known user with an
 * expired token, or offline, still gets the page: local data stays usable and the header asks to
 * sign in again once the network is back. While the local database opens the page waits (a few
 * ms); if it cannot be opened, the page says so with "Réessayer" and a way to sign out.
 */
import { Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/use-auth.ts';
import { LocalDataError } from '../components/local-data-error.tsx';
import { SignInRequired } from '../components/sign-in-required.tsx';
import { useLocalData } from '../sync/sync-provider.tsx';
import { findPage } from './route-table.ts';
import { useOnline } from './use-online.ts';

export function ProtectedRoute() {
  const auth = useAuth();
  const online = useOnline();
  const localData = useLocalData();
  const { pathname, search, hash } = useLocation();
  const label = findPage(pathname)?.label ?? 'Page protégée';
  if (!auth.ready) {
    return (
      <p className="page" role="status">
        Chargement…
      </p>
    );
  }
  if (!auth.user) {
    return <SignInRequired pageLabel={label} online={online} onSignIn={() => void auth.signIn(pathname + search + hash)} />;
  }
  if (localData.state.kind === 'failed') {
    return <LocalDataError pageLabel={label} online={online} onRetry={localData.retry} onSignOut={() => void auth.signOut()} />;
  }
  if (localData.state.kind !== 'open') {
    return (
      <p className="page" role="status">
        Ouverture de vos données…
      </p>
    );
  }
  return <Outlet />;
}
