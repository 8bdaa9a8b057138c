/**
 * Error element of the pages. The usual cause is a page's code that cannot be loaded: offline
 * before the service worker cached it, or a new version (activated in another tab) removed the
 * old files this page still asks for. Say which in French and offer a reload, never a blank page.
 */
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** Browsers' messages for a dynamic import that failed (Chromium, Firefox, Safari). */
const CHUNK_ERROR = /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS/i;

export function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && CHUNK_ERROR.test(error.message);
}

function explanation(error: unknown): string {
  if (!navigator.onLine) return 'Vous êtes hors ligne et cette page n’est pas encore disponible sur cet appareil.';
  if (isChunkLoadError(error)) {
    return 'Une nouvelle version de l’application a été installée : cette page doit être rechargée pour s’afficher.';
  }
  return 'Une erreur est survenue pendant son chargement. Recharger l’application règle généralement le problème.';
}

export interface RouteErrorProps {
  /** Outside the layout (the layout itself failed): render a full page of its own. */
  standalone?: boolean;
}

export function RouteError({ standalone = false }: RouteErrorProps) {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : null;
  if (error) console.error('Route error', error);
  const content = (
    <article className="page" role="alert">
      <h1>Cette page n’a pas pu s’afficher</h1>
      <p>{explanation(error)}</p>
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
  return standalone ? <main className="app-content">{content}</main> : content;
}
