/** A real 404 page (the original rendered an empty main area). */
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <article className="page">
      <h1>Page introuvable</h1>
      <p>
        Aucune page ne correspond à l’adresse <code>{pathname}</code>.
      </p>
      <p>
        <Link to="/">Retour à l’accueil</Link>
      </p>
    </article>
  );
}
