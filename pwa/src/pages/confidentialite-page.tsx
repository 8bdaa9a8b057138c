/** Politique de confidentialité (RGPD): what this system actually stores, where, and why. */
import { Link } from 'react-router';
import { gaMeasurementId } from '../app/env.ts';

export function ConfidentialitePage() {
  const analytics = gaMeasurementId() !== null;
  return (
    <article className="page prose">
      <h1>Politique de confidentialité</h1>
      <p className="muted">Dernière mise à jour : 29 novembre 2026</p>
      <h2>Responsable du traitement</h2>
      <p>
        L’éditeur du site (voir les <Link to="/mentions-legales">mentions légales</Link>), joignable à{' '}
        <a href="mailto:laurent@itercraft.com">laurent@itercraft.com</a>.
      </p>
      <h2>Données traitées</h2>
      <ul>
        <li>Votre identité de connexion : identifiant technique (sub), nom d’utilisateur et adresse électronique.</li>
        <li>Ce que vous saisissez : vos activités et sessions d’entretien.</li>
        <li>Vos capteurs : appareils enregistrés et leurs mesures.</li>
        <li>
          Lorsque ces fonctions seront disponibles : les jeux et notes de votre ludothèque, et la position que vous
          indiquerez pour les suggestions d’activités.
        </li>
      </ul>
      <h2>Où elles sont stockées</h2>
      <p>
        Sur le serveur (base PostgreSQL hébergée chez AWS en France, région Europe (Paris)) et sur votre appareil (base
        locale du navigateur), pour que l’application fonctionne hors ligne. Se déconnecter efface la copie de l’appareil.
      </p>
      <h2>Finalités et base légale</h2>
      <p>
        Fournir le service que vous utilisez (exécution du contrat). La mesure d’audience n’a lieu qu’avec votre
        consentement{analytics ? '' : ' et elle n’est pas active actuellement'}.
      </p>
      <h2>Sous-traitants</h2>
      <ul>
        <li>Amazon Web Services (hébergement, région Europe (Paris)).</li>
        <li>Cloudflare (nom de domaine).</li>
        {analytics && <li>Google (mesure d’audience, seulement si vous l’acceptez).</li>}
      </ul>
      <p>
        Aucune donnée n’est envoyée aujourd’hui à un service d’intelligence artificielle ou de météo. Lorsque ces
        fonctions seront disponibles, Anthropic (complétion et suggestion de jeux : titres et préférences de jeux, sans
        votre identité) et Météo France (prévisions pour la position indiquée) s’ajouteront à cette liste, avant leur
        mise en service.
      </p>
      <h2>Durées de conservation</h2>
      <p>
        Vos données sont gardées tant que votre compte existe. Les éléments supprimés laissent une trace technique
        de synchronisation gardée au moins 31 jours, pour que vos autres appareils apprennent la suppression.
        {analytics && ' Les données de mesure d’audience sont gardées 14 mois au plus.'}
      </p>
      <h2>Vos droits</h2>
      <p>
        Vous pouvez demander l’accès, la rectification, l’effacement ou la portabilité de vos données, et vous opposer
        à leur traitement, en écrivant à <a href="mailto:laurent@itercraft.com">laurent@itercraft.com</a>. Vous pouvez
        retirer votre consentement à la mesure d’audience à tout moment depuis le lien « Gérer les cookies » en bas de
        page. En cas de désaccord, vous pouvez saisir la CNIL (<a href="https://www.cnil.fr">www.cnil.fr</a>).
      </p>
    </article>
  );
}
