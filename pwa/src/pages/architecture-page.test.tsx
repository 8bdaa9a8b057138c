import { describe, expect, it, vi } from 'vitest';
import * as diagrams from './architecture.diagrams.ts';
import { ArchitecturePage } from './architecture-page.tsx';
import { diagramTexts, renderPage } from './page-test-kit.tsx';

// Only the texts are under test here; the drawing is checked in Chromium (e2e/pwa-diagrams).
vi.mock('../components/diagram/mermaid-loader.ts', () => ({
  renderMermaid: () => new Promise<string>(() => undefined),
  withAccessibility: (source: string) => source,
}));

const allText = () => [renderPage(<ArchitecturePage />).container.textContent ?? '', ...diagramTexts(diagrams)].join('\n');

describe('Architecture page', () => {
  it('does not claim traces the server does not emit', () => {
    const text = allText();
    expect(text).not.toMatch(/OpenTelemetry|OTLP|Tempo/);
    expect(diagrams.observabilityDiagram.description).toMatch(/n’émet pas encore de traces/);
  });

  it('shows the plain sensors/# subscription, the shared one only as an option', () => {
    expect(diagrams.containersDiagram.source).toContain('"sensors/#<br/>(partagé en option)"');
    for (const spec of Object.values(diagrams)) {
      for (const line of [spec.description, spec.source].join('\n').split(/(?<=\.)\s|\n/)) {
        if (line.includes('$share')) expect(line, spec.title).toMatch(/option/);
      }
    }
  });

  it('shows Claude and Météo France as planned, never as live dependencies behind breakers', () => {
    const { source, description } = diagrams.contextDiagram;
    expect(source).toContain('claude["Anthropic Claude<br/>(prévu)"]');
    expect(source).toContain('meteo["Météo France<br/>(prévu)"]');
    // Dotted links (-.->) only: nothing calls them today.
    expect(source).toMatch(/server -\.->\|"prévu : ludothèque"\| claude/);
    expect(source).not.toMatch(/-->\|[^|]*\|\s*(claude|meteo)/);
    expect(description).toMatch(/pas encore construits/);
    expect(allText()).not.toMatch(/disjoncteur/i);
  });
});
