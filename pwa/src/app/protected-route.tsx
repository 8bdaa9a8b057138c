/**
 * Gate of the pages that need a known user. No user on this device: a sign-in prompt that brings
 * the user back to this very page (the original always went to /dashboard). A known user with an
 * expired token, or offline, still gets the page: local data stays usable and the header asks to
 * sign in again once the network is back.
 */
import { Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/use-auth.ts';
import { SignInRequired } from '../components/sign-in-required.tsx';
import { findPage } from './route-table.ts';
import { useOnline } from './use-online.ts';

export function ProtectedRoute() {
  const auth = useAuth();
  const online = useOnline();
  const { pathname, search, hash } = useLocation();
  if (!auth.ready) {
    return (
      <p className="page" role="status">
        Chargement…
      </p>
    );
  }
  if (!auth.user) {
    const label = findPage(pathname)?.label ?? 'Page protégée';
    return <SignInRequired pageLabel={label} online={online} onSignIn={() => void auth.signIn(pathname + search + hash)} />;
  }
  return <Outlet />;
}
