/**
 * "État de santé / UP", outside the layout like the original. Online, a browser navigation to
 * /healthcheck reaches the server (which answers {"status":"UP"}); this page answers when the app
 * itself serves the route (offline through the service worker, or the dev server). Offline it
 * says plainly that only the app is known to be up, not the server.
 */
import { useEffect } from 'react';
import { useOnline } from '../app/use-online.ts';

export function HealthcheckPage() {
  const online = useOnline();
  useEffect(() => {
    document.title = 'État de santé · Itercraft';
  }, []);
  return (
    <main className="healthcheck">
      <h1>État de santé</h1>
      <p>UP</p>
      {!online && <p>Hors ligne : l’application fonctionne, l’état du serveur ne peut pas être vérifié.</p>}
    </main>
  );
}
