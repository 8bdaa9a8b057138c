import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { isChunkLoadError, RouteError } from './route-error.tsx';
import { lazyPage } from './routes.tsx';

/** An open app whose next page's chunk fails to load (as after another tab activated a new version). */
async function openFailingPage(error: Error) {
  const router = createMemoryRouter(
    [
      {
        path: '/',
        errorElement: <RouteError />,
        children: [
          { index: true, Component: () => <h1>Accueil</h1> },
          lazyPage('entretien', () => Promise.reject(error)),
        ],
      },
    ],
    { initialEntries: ['/'] },
  );
  render(<RouterProvider router={router} />);
  await screen.findByText('Accueil');
  await act(() => router.navigate('/entretien'));
}

describe('RouteError', () => {
  afterEach(() => vi.restoreAllMocks());

  it('recognises the browsers’ messages for a lazy chunk that failed to load', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: https://x/assets/a.js'))).toBe(true);
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isChunkLoadError(new Error('Cannot read properties of undefined'))).toBe(false);
  });

  it('a page whose old chunk is gone says a new version needs a reload, with "Recharger"', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await openFailingPage(new TypeError('Failed to fetch dynamically imported module: /assets/entretien-page-OLD.js'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Une nouvelle version de l’application a été installée');
    expect(screen.getByRole('button', { name: 'Recharger' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Retour à l’accueil' })).toBeTruthy();
  });
});
