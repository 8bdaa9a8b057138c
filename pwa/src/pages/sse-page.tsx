/** Server-Sent Events: how changes reach every device of a person. */
import { MermaidDiagram } from '../components/diagram/mermaid-diagram.tsx';
import { changeDiagram, connectDiagram, resyncDiagram, tabsDiagram } from './sse.diagrams.ts';

export function SsePage() {
  return (
    <article className="page prose">
      <h1>Server-Sent Events</h1>
      <p>
        Chaque navigateur tient une seule connexion <code>text/event-stream</code> vers le serveur de synchronisation.
        Elle ne transporte que des indices (« la collection X a changé »), jamais les documents eux-mêmes : le client y
        répond par un tirage depuis son point de reprise, le seul chemin qui garantit l’ordre de validation.
      </p>
      <p>
        Le flux est propre à chaque personne : personne ne reçoit les indices d’une autre. Trois événements existent :
        <code>change</code>, <code>resync</code> et <code>heartbeat</code>.
      </p>
      <MermaidDiagram {...connectDiagram} />
      <MermaidDiagram {...changeDiagram} />
      <MermaidDiagram {...resyncDiagram} />
      <MermaidDiagram {...tabsDiagram} />
    </article>
  );
}
