/**
 * Error element of the pages. The usual cause is a page's code that cannot be loaded (offline
 * before the service worker cached it, or a new version removed an old file): offer a reload.
 */
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

export function RouteError() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : null;
  if (error) console.error('Route error', error);
  return (
    <article className="page">
      <h1>Cette page n’a pas pu s’afficher</h1>
      <p>
        {navigator.onLine
          ? 'Une erreur est survenue pendant son chargement. Recharger l’application règle généralement le problème.'
          : 'Vous êtes hors ligne et cette page n’est pas encore disponible sur cet appareil.'}
      </p>
      {detail && <p className="muted">{detail}</p>}
      <div className="button-row">
        <button type="button" onClick={() => window.location.reload()}>
          Recharger
        </button>
        <Link to="/" className="button-link">
          Retour à l’accueil
        </Link>
      </div>
    </article>
  );
}
