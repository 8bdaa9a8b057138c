/** Résilience: the circuit breakers around Claude and Météo France, with their live state. */
import { MermaidDiagram } from '../components/diagram/mermaid-diagram.tsx';
import { ResilienceStatus } from './resilience/resilience-status.tsx';
import { breakerFlowDiagram, breakerStatesDiagram } from './resilience/resilience.diagrams.ts';

export function ResiliencePage() {
  return (
    <article className="page prose">
      <h1>Résilience</h1>
      <p>
        Itercraft dépend de deux services externes : Claude (Anthropic) pour compléter et suggérer des jeux, et Météo
        France pour les suggestions d’activités. Chacun est protégé par un disjoncteur (bibliothèque opossum) : quand un
        service va mal, on arrête de l’appeler un moment au lieu d’attendre et d’empiler les échecs.
      </p>
      <p>
        Vos propres données ne dépendent d’aucun de ces services : l’entretien, la ludothèque et les capteurs restent
        utilisables hors ligne. Un jeu ajouté par son titre hors ligne est enregistré tout de suite et complété par le
        serveur plus tard.
      </p>
      <h2>État en direct</h2>
      <ResilienceStatus />
      <h2>Fonctionnement</h2>
      <MermaidDiagram {...breakerStatesDiagram} />
      <MermaidDiagram {...breakerFlowDiagram} />
      <h2>Points d’accès publics</h2>
      <table>
        <caption className="visually-hidden">Points d’accès de l’état de résilience</caption>
        <thead>
          <tr>
            <th scope="col">Méthode et chemin</th>
            <th scope="col">Réponse</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <code>GET /api/resilience/status</code>
            </td>
            <td>État, taux d’échec et compteurs de chaque disjoncteur.</td>
          </tr>
          <tr>
            <td>
              <code>GET /api/resilience/health</code>
            </td>
            <td>Santé globale (UP, DEGRADED, RECOVERING) et santé de chaque service.</td>
          </tr>
        </tbody>
      </table>
    </article>
  );
}
