/** Politique de cookies: every cookie and local storage the app uses, and a way to change the choice. */
import { gaMeasurementId } from '../app/env.ts';
import { consentStore, useConsent } from '../app/consent/consent-store.ts';

const rows: [string, string, string, string][] = [
  ['cookie-consent', 'Stockage local', 'Votre choix sur la mesure d’audience', 'Jusqu’à ce que vous le changiez'],
  ['XSRF-TOKEN', 'Cookie de l’API', 'Protection contre la falsification de requêtes', 'Session'],
  ['Jetons de connexion', 'Stockage local', 'Rester connecté, y compris hors ligne', 'Jusqu’à la déconnexion'],
  ['Cookies du fournisseur d’identité', 'Cookies de authent', 'Session de connexion (Keycloak)', 'Session'],
  ['Base locale Itercraft', 'IndexedDB', 'Vos données, pour l’usage hors ligne', 'Jusqu’à la déconnexion'],
  ['Cache de l’application', 'Service worker', 'Ouvrir l’application sans réseau', 'Jusqu’à la version suivante'],
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
