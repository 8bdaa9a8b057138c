/**
 * What a protected page shows until its feature is built: an honest "not yet" with what the page
 * will do. Feature engineers replace the route module; nothing here pretends to hold data.
 */
import { Link } from 'react-router';

export interface PlaceholderPageProps {
  title: string;
  /** One or two sentences on what the page will offer. */
  purpose: string;
}

export function PlaceholderPage({ title, purpose }: PlaceholderPageProps) {
  return (
    <article className="page placeholder-page">
      <h1>{title}</h1>
      <p className="notice notice-info">
        <strong>Cette page arrive bientôt.</strong> Elle n’est pas encore disponible dans cette version de l’application.
      </p>
      <p>{purpose}</p>
      <p>
        <Link to="/">Retour à l’accueil</Link>
      </p>
    </article>
  );
}
