import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import * as diagrams from './resilience/resilience.diagrams.ts';
import { diagramTexts, renderPage, sentencesWith } from './page-test-kit.tsx';
import { ResiliencePage } from './resilience-page.tsx';

// Only the texts are under test here; the drawing is checked in Chromium (e2e/pwa-diagrams).
vi.mock('../components/diagram/mermaid-loader.ts', () => ({
  renderMermaid: () => new Promise<string>(() => undefined),
  withAccessibility: (source: string) => source,
}));

function answer(status: number, body: unknown) {
  return vi.fn((_url: string) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })));
}

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
}

describe('Résilience page', () => {
  beforeEach(() => setOnline(true));
  afterEach(() => {
    vi.unstubAllGlobals();
    setOnline(true);
  });

  it('claims no circuit breaker, fallback or endpoint that the server does not have', () => {
    vi.stubGlobal('fetch', answer(200, { status: 'UP', database: 'UP' }));
    const { container } = renderPage(<ResiliencePage />);
    const text = [container.textContent ?? '', ...diagramTexts(diagrams)].join('\n');
    for (const absent of [/opossum/i, /\/api\/resilience/, /Retry-After/i, /upstream_unavailable/, /\bdegraded\b/i, /semi-ouvert/i]) {
      expect(text).not.toMatch(absent);
    }
    // Breakers are only ever mentioned as something still to come with the features that need them.
    const mentions = sentencesWith(container, /disjoncteur/i);
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatch(/pas encore construites/);
    expect(mentions[0]).toMatch(/arriveront avec ces fonctions/);
    expect(diagramTexts(diagrams).join('\n')).not.toMatch(/disjoncteur/i);
  });

  it('describes the mechanisms that exist', () => {
    vi.stubGlobal('fetch', answer(200, { status: 'UP', database: 'UP' }));
    const { container } = renderPage(<ResiliencePage />);
    const text = container.textContent ?? '';
    for (const fact of ['writeId', 'xid8', 'heartbeat', 'resync', '256 Kio', 'onglet', 'Reconnexion requise', 'PUBACK', 'session persistante', '720 mesures', '4 heures']) {
      expect(text, fact).toContain(fact);
    }
  });

  it('shows the readiness the server answered: database up, no MQTT row when the server does not report one', async () => {
    const fetchMock = answer(200, { status: 'UP', database: 'UP' });
    vi.stubGlobal('fetch', fetchMock);
    renderPage(<ResiliencePage />);
    await screen.findByText('prêt');
    expect(String(fetchMock.mock.calls[0]?.[0])).toMatch(/\/readyz$/);
    expect(screen.getByText('Base de données PostgreSQL').nextElementSibling?.textContent).toBe('Opérationnelle');
    expect(screen.queryByText('Relais MQTT')).toBeNull();
  });

  it('shows a 503 as not ready, with the failing parts', async () => {
    vi.stubGlobal('fetch', answer(503, { status: 'DOWN', database: 'DOWN', mqtt: 'UP' }));
    renderPage(<ResiliencePage />);
    await screen.findByText('pas prêt');
    expect(screen.getByText(/réponse HTTP 503/)).toBeTruthy();
    expect(screen.getByText('Base de données PostgreSQL').nextElementSibling?.textContent).toBe('Indisponible');
    expect(screen.getByText('Relais MQTT').nextElementSibling?.textContent).toBe('Opérationnelle');
  });

  it('says the server does not answer when the request fails', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    renderPage(<ResiliencePage />);
    await screen.findByText(/Le serveur ne répond pas/);
  });

  it('offline, says the server cannot be checked and asks nothing of the network', async () => {
    setOnline(false);
    const fetchMock = answer(200, { status: 'UP', database: 'UP' });
    vi.stubGlobal('fetch', fetchMock);
    renderPage(<ResiliencePage />);
    expect(screen.getByText(/Hors ligne : l’état du serveur ne peut pas être vérifié/)).toBeTruthy();
    await waitFor(() => expect(fetchMock).not.toHaveBeenCalled());
    expect(screen.queryByText('prêt')).toBeNull();
  });
});
