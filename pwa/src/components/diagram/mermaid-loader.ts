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
      theme: 'dark',
      fontFamily: 'system-ui, sans-serif',
      themeVariables: {
        background: '#1a1b2e',
        primaryColor: '#2a2c4a',
        primaryTextColor: '#f0f0f5',
        primaryBorderColor: '#818cf8',
        lineColor: '#a5b4fc',
        textColor: '#f0f0f5',
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
