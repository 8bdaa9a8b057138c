/**
 * A diagram drawn from text. The text description is always in the page (screen readers, and the
 * rare case where drawing fails), the drawing arrives once mermaid has loaded.
 */
import { useEffect, useId, useState } from 'react';
import { renderMermaid, withAccessibility } from './mermaid-loader.ts';

export interface DiagramSpec {
  title: string;
  /** Plain-French description of what the diagram shows (its text alternative). */
  description: string;
  /** Mermaid source. */
  source: string;
}

type DrawState = { kind: 'drawing' } | { kind: 'drawn'; svg: string } | { kind: 'failed' };

export function MermaidDiagram({ title, description, source }: DiagramSpec) {
  const reactId = useId();
  const id = `diagramme-${reactId.replace(/[^a-zA-Z0-9]/g, '')}`;
  const [state, setState] = useState<DrawState>({ kind: 'drawing' });

  useEffect(() => {
    let cancelled = false;
    renderMermaid(`${id}-svg`, withAccessibility(source, title, description)).then(
      (svg) => !cancelled && setState({ kind: 'drawn', svg }),
      (error: unknown) => {
        console.warn('Diagram rendering failed', error);
        if (!cancelled) setState({ kind: 'failed' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, source, title, description]);

  return (
    <figure className="diagram" aria-labelledby={`${id}-legende`}>
      <figcaption id={`${id}-legende`}>{title}</figcaption>
      {state.kind === 'drawn' && (
        // The SVG comes from mermaid in strict security mode (labels sanitised) from our own constant sources.
        <div className="diagram-drawing" dangerouslySetInnerHTML={{ __html: state.svg }} />
      )}
      {state.kind === 'drawing' && (
        <p className="muted" role="status">
          Dessin du diagramme…
        </p>
      )}
      {state.kind === 'failed' && <p className="muted">Le diagramme n’a pas pu être dessiné ; sa description suit.</p>}
      <p className="diagram-description">{description}</p>
    </figure>
  );
}
