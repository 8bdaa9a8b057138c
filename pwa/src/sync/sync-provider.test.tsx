import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AuthContext, type AuthContextValue } from '../auth/auth-context.ts';
import { appRoutes } from '../app/routes.tsx';
import type { LocalSession } from './local-session.ts';
import { SyncProvider, type OpenLocalSession } from './sync-provider.tsx';

// Only the shell is under test; the diagram pages must not load mermaid here.
vi.mock('../components/diagram/mermaid-loader.ts', () => ({
  renderMermaid: () => new Promise<string>(() => undefined),
  withAccessibility: (source: string) => source,
}));

function signedIn(signOut = vi.fn(() => Promise.resolve())): AuthContextValue {
  return {
    ready: true,
    user: { sub: 'u1', displayName: 'laurent', email: 'laurent@itercraft.com' },
    tokenExpired: false,
    signIn: () => Promise.resolve(),
    signOut,
    getAccessToken: () => Promise.resolve('token'),
    completeSignIn: () => Promise.resolve('/'),
  };
}

function renderApp(auth: AuthContextValue, open: OpenLocalSession, path: string) {
  const router = createMemoryRouter(appRoutes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <AuthContext.Provider value={auth}>
        <SyncProvider open={open}>
          <RouterProvider router={router} />
        </SyncProvider>
      </AuthContext.Provider>
    </QueryClientProvider>,
  );
  return router;
}

/** What the browser reports when the database's lazy chunk is gone, or IndexedDB refuses to open. */
const failingOpen = () => vi.fn<OpenLocalSession>(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));

describe('SyncProvider when the local database cannot be opened', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('keeps the header, footer and public pages, and says so on a protected page with "Réessayer"', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const open = failingOpen();
    const router = renderApp(signedIn(), open, '/entretien');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Vos données locales n’ont pas pu être ouvertes sur cet appareil.');
    expect(screen.getByRole('heading', { level: 1, name: 'Entretien' })).toBeTruthy();
    const header = screen.getByRole('banner');
    expect(within(header).getByText('laurent')).toBeTruthy();
    // An error of this device's storage, not an expired session.
    expect(within(header).getByText('Erreur de synchronisation')).toBeTruthy();
    expect(screen.queryByText(/Votre session a expiré/)).toBeNull();
    expect(screen.getByRole('contentinfo')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByText('Ouverture de vos données…')).toBeTruthy();
    await screen.findByRole('alert');
    expect(open).toHaveBeenCalledTimes(2);

    await router.navigate('/architecture');
    expect(await screen.findByRole('heading', { level: 1, name: 'Architecture' })).toBeTruthy();
    await router.navigate('/pas-une-page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page introuvable' })).toBeTruthy();
  });

  it('offers signing out as the way out', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const signOut = vi.fn(() => Promise.resolve());
    renderApp(signedIn(signOut), failingOpen(), '/dashboard');
    await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: 'Se déconnecter' }));
    expect(signOut).toHaveBeenCalledOnce();
  });

  it('shows the public home page at once while the database is still opening', async () => {
    const open = vi.fn<OpenLocalSession>(() => new Promise<LocalSession>(() => undefined));
    renderApp(signedIn(), open, '/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Itercraft' })).toBeTruthy();
    expect(screen.queryByText('Ouverture de vos données…')).toBeNull();
    expect(within(screen.getByRole('banner')).getByText('Connexion…')).toBeTruthy();
  });
});
