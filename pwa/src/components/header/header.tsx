/** Header wired to the auth and sync layers. */
import { useLocation } from 'react-router';
import { useAuth } from '../../auth/use-auth.ts';
import { useSyncStatus } from '../../sync/use-sync-status.ts';
import { useOnline } from '../../app/use-online.ts';
import { HeaderBar } from './header-bar.tsx';

export function Header() {
  const auth = useAuth();
  const sync = useSyncStatus();
  const online = useOnline();
  const { pathname, search, hash } = useLocation();
  return <HeaderBar auth={auth} sync={sync} online={online} returnTo={pathname + search + hash} />;
}
