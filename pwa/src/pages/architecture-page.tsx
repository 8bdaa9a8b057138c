/** Architecture: how Itercraft is built, as it really is. */
import { MermaidDiagram } from '../components/diagram/mermaid-diagram.tsx';
import {
  browserDiagram,
  containersDiagram,
  contextDiagram,
  observabilityDiagram,
  writePathDiagram,
} from './architecture.diagrams.ts';

export function ArchitecturePage() {
  return (
    <article className="page prose">
      <h1>Architecture</h1>
      <p>
        Itercraft est une application web installable qui fonctionne d’abord hors ligne : vos données vivent sur votre
        appareil et se synchronisent avec le serveur dès que le réseau le permet. Aucune écriture faite hors ligne
        n’est perdue.
      </p>
      <MermaidDiagram {...contextDiagram} />
      <h2>Déploiement</h2>
      <p>
        En production, chaque partie tourne dans son conteneur derrière Traefik. En local, <code>npm start</code> lance
        un seul processus qui sert l’application et l’API, avec PostgreSQL, un broker MQTT et un fournisseur d’identité
        intégrés : le même code, choisi par configuration.
      </p>
      <MermaidDiagram {...containersDiagram} />
      <h2>L’application sur l’appareil</h2>
      <MermaidDiagram {...browserDiagram} />
      <h2>Synchronisation</h2>
      <p>
        Le serveur attribue lui-même l’ordre des changements : un curseur ne dépasse jamais une transaction qui n’est pas
        encore validée, les envois répétés ne créent pas de doublons, et une modification invalide est refusée seule,
        avec son motif, sans bloquer les autres.
      </p>
      <MermaidDiagram {...writePathDiagram} />
      <h2>Observabilité</h2>
      <MermaidDiagram {...observabilityDiagram} />
    </article>
  );
}
