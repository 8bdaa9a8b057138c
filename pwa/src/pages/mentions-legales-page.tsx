/** Mentions légales (LCEN, loi n° 2004-575 du 21 juin 2004, article 6). */
import { Link } from 'react-router';

export function MentionsLegalesPage() {
  return (
    <article className="page prose">
      <h1>Mentions légales</h1>
      <h2>Éditeur</h2>
      <p>
        Itercraft est un site personnel, non commercial, édité par son auteur, Laurent. Contact :{' '}
        <a href="mailto:laurent@itercraft.com">laurent@itercraft.com</a>.
      </p>
      <h2>Hébergement</h2>
      <p>
        Amazon Web Services EMEA SARL, 38 avenue John F. Kennedy, L-1855 Luxembourg. Les serveurs sont situés en France,
        dans la région AWS Europe (Paris), <code>eu-west-3</code>.
      </p>
      <h2>Nom de domaine et réseau de diffusion</h2>
      <p>Cloudflare, Inc., 101 Townsend Street, San Francisco, CA 94107, États-Unis.</p>
      <h2>Propriété intellectuelle</h2>
      <p>
        Les textes, le code et les diagrammes de ce site appartiennent à leur auteur, sauf mention contraire.
      </p>
      <h2>Données personnelles</h2>
      <p>
        Leur traitement est décrit dans la <Link to="/confidentialite">politique de confidentialité</Link> et l’usage des
        cookies dans la <Link to="/cookies">politique de cookies</Link>.
      </p>
    </article>
  );
}
