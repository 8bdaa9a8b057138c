/**
 * Loads mermaid on first use (a dynamic import: the diagram code is its own chunks, fetched only by
 * the four diagram pages and precached by the service worker for offline use).
 */
import type { Mermaid } from 'mermaid';

let loading: Promise<Mermaid> | null = null;

function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then(({ default: mermaid }) => {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      // On a syntax error mermaid would append its own "bomb" SVG to <body>; we show our own message.
      suppressErrorRendering: true,
      theme: 'dark',
      fontFamily: 'system-ui, sans-serif',
      themeVariables: {
        background: '#1a1b2e',
        primaryColor: '#2a2c4a',
        primaryTextColor: '#f0f0f5',
        primaryBorderColor: '#818cf8',
        lineColor: '#a5b4fc',
        textColor: '#f0f0f5',
        mainBkg: '#2a2c4a',
        nodeBorder: '#818cf8',
        clusterBkg: '#20223a',
        clusterBorder: '#5b5f9e',
        edgeLabelBackground: '#2a2c4a',
        titleColor: '#f0f0f5',
        actorBkg: '#2a2c4a',
        actorBorder: '#818cf8',
        actorTextColor: '#f0f0f5',
        signalColor: '#c7d2fe',
        signalTextColor: '#f0f0f5',
        labelBoxBkgColor: '#2a2c4a',
        labelTextColor: '#f0f0f5',
        noteBkgColor: '#3b3014',
        noteTextColor: '#fde68a',
        noteBorderColor: '#fbbf24',
      },
    });
    return mermaid;
  });
  return loading;
}

/** Adds mermaid's accessibility title/description (rendered as <title>/<desc> in the SVG). */
export function withAccessibility(source: string, title: string, description: string): string {
  const [first = '', ...rest] = source.trim().split('\n');
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
  return [first, `  accTitle: ${oneLine(title)}`, `  accDescr: ${oneLine(description)}`, ...rest].join('\n');
}

/** Renders a diagram to an SVG string. `id` must be unique in the page and a valid CSS id. */
export async function renderMermaid(id: string, source: string): Promise<string> {
  const mermaid = await loadMermaid();
  const { svg } = await mermaid.render(id, source);
  return svg;
}
