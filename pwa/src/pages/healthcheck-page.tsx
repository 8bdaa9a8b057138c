/**
 * "État de santé / UP", outside the layout like the original. Online, a browser navigation to
 * /healthcheck reaches the server (which answers {"status":"UP"}); this page answers when the
 * app itself serves the route (offline, dev server).
 */
import { useEffect } from 'react';

export function HealthcheckPage() {
  useEffect(() => {
    document.title = 'État de santé · Itercraft';
  }, []);
  return (
    <main className="healthcheck">
      <h1>État de santé</h1>
      <p>UP</p>
    </main>
  );
}
