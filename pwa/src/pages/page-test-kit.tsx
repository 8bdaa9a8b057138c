/**
 * Renders a public page as the app does (router + TanStack Query) for the page tests, and reads
 * every diagram spec's text. Diagrams are drawn in Chromium (e2e/pwa-diagrams); here only their
 * texts matter, so mermaid is never loaded (see the vi.mock in each test).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import type { DiagramSpec } from '../components/diagram/mermaid-diagram.tsx';

export function renderPage(page: ReactElement): RenderResult {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter>{page}</MemoryRouter>
    </QueryClientProvider>,
  );
}

/** Title, description and source of every diagram exported by a `*.diagrams.ts` module. */
export function diagramTexts(module: Record<string, DiagramSpec>): string[] {
  return Object.values(module).flatMap((d) => [d.title, d.description, d.source]);
}

/** The text of every element (leaf paragraphs, list items, cells) containing `word`. */
export function sentencesWith(root: HTMLElement, word: RegExp): string[] {
  return [...root.querySelectorAll('p, li, td, dd, figcaption')]
    .map((el) => el.textContent ?? '')
    .filter((text) => word.test(text));
}
