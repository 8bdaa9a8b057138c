/** Politique de cookies: every cookie and local storage the app uses, and a way to change the choice. */
import { gaMeasurementId } from '../app/env.ts';
import { consentStore, useConsent } from '../app/consent/consent-store.ts';

/** Name, type, purpose, lifetime: the storages this code really sets (checked by cookies-page.test.tsx). */
const rows: [string, string, string, string][] = [
  ['cookie-consent', 'Stockage local', 'Votre choix sur la mesure d’audience', 'Jusqu’à ce que vous le changiez'],
  ['XSRF-TOKEN', 'Cookie du serveur de l’API', 'Protection contre la falsification de requêtes', 'Session du navigateur'],
  ['itercraft.oidc.user:…', 'Stockage local', 'Vos jetons de connexion, pour rester connecté, y compris hors ligne', 'Jusqu’à la déconnexion'],
  ['oidc.…', 'Stockage local', 'État d’une connexion en cours (vérificateur PKCE)', 'Effacé au retour de la connexion'],
  [
    '_session, _interaction, _interaction_resume (et leurs signatures .sig)',
    'Cookies du fournisseur d’identité intégré (/oidc, installation locale)',
    'Session de connexion',
    'Session de connexion (30 jours au plus)',
  ],
  [
    'AUTH_SESSION_ID, KC_AUTH_SESSION_HASH, KEYCLOAK_IDENTITY, KEYCLOAK_SESSION, KC_RESTART',
    'Cookies d’authent (Keycloak, en production)',
    'Session de connexion',
    'Session de connexion',
  ],
  ['itercraft.lastSyncedAt.…, itercraft.clockOffsetMs', 'Stockage local', 'Heure de la dernière synchronisation et écart d’horloge avec le serveur', 'Jusqu’à l’effacement des données du site'],
  ['itercraft-…', 'IndexedDB', 'Vos données, pour l’usage hors ligne', 'Jusqu’à la déconnexion'],
  ['workbox-precache-…', 'Cache du service worker', 'Ouvrir l’application sans réseau', 'Jusqu’à la version suivante'],
];

function choiceText(choice: 'accepted' | 'refused' | null): string {
  if (choice === 'accepted') return 'Vous avez accepté la mesure d’audience.';
  if (choice === 'refused') return 'Vous avez refusé la mesure d’audience.';
  return 'Vous n’avez pas encore fait de choix.';
}

export function CookiesPage() {
  const { choice } = useConsent();
  const measurementId = gaMeasurementId();
  const all: [string, string, string, string][] = measurementId
    ? [...rows, [`_ga, _ga_${measurementId.slice(2)}`, 'Cookies Google Analytics', 'Mesure d’audience, seulement après accord', '13 mois au plus']]
    : rows;
  return (
    <article className="page prose">
      <h1>Politique de cookies</h1>
      <p>
        Les stockages ci-dessous sont nécessaires au fonctionnement du site, sauf la mesure d’audience, qui n’est chargée
        qu’après votre accord{measurementId ? '' : ' et qui n’est pas active actuellement'}.
      </p>
      <table>
        <caption className="visually-hidden">Cookies et stockages utilisés</caption>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">Type</th>
            <th scope="col">Finalité</th>
            <th scope="col">Durée</th>
          </tr>
        </thead>
        <tbody>
          {all.map(([name, type, purpose, duration]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{type}</td>
              <td>{purpose}</td>
              <td>{duration}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Votre choix</h2>
      <p>{choiceText(choice)}</p>
      <button type="button" onClick={() => consentStore.review(true)}>
        Modifier mon choix
      </button>
    </article>
  );
}
