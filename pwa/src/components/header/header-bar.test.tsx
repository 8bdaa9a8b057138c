import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { AuthActions, AuthState } from '../../auth/auth.types.ts';
import type { SyncStatus } from '../../sync/sync-status.types.ts';
import { recordingActions, rejectedChange, syncStatus } from '../sync/sync-status.fixture.ts';
import { HeaderBar } from './header-bar.tsx';

function auth(overrides: Partial<AuthState> = {}) {
  const actions = {
    signIn: vi.fn<AuthActions['signIn']>(() => Promise.resolve()),
    signOut: vi.fn<AuthActions['signOut']>(() => Promise.resolve()),
    getAccessToken: vi.fn<AuthActions['getAccessToken']>(() => Promise.resolve(null)),
  };
  const state: AuthState = { ready: true, user: null, tokenExpired: false, ...overrides };
  return { ...state, ...actions };
}

const alice = { sub: 'u1', displayName: 'alice', email: 'alice@example.org' };

function renderHeader(a: ReturnType<typeof auth>, status: SyncStatus = syncStatus(), online = true) {
  return render(
    <MemoryRouter initialEntries={['/entretien?x=1']}>
      <HeaderBar auth={a} sync={{ ...status, ...recordingActions() }} online={online} returnTo="/entretien?x=1" />
    </MemoryRouter>,
  );
}

describe('HeaderBar', () => {
  it('signed out: public links only, and "Connexion" returns to the current page', () => {
    const a = auth();
    renderHeader(a);
    const nav = screen.getByRole('navigation', { name: 'Navigation principale' });
    const links = within(nav).getAllByRole('link').map((l) => l.textContent);
    expect(links).toEqual(['Architecture', 'Server-Sent Events', 'Résilience', 'IoT']);
    fireEvent.click(screen.getByRole('button', { name: 'Connexion' }));
    expect(a.signIn).toHaveBeenCalledWith('/entretien?x=1');
  });

  it('signed in: the feature pages, the name and the sync indicator', () => {
    renderHeader(auth({ user: alice }), syncStatus({ pendingCount: 2 }));
    const nav = screen.getByRole('navigation', { name: 'Navigation principale' });
    for (const label of ['Tableau de bord', 'Entretien', 'Activités', 'Ma Ludothèque']) {
      expect(within(nav).getByRole('link', { name: label })).toBeTruthy();
    }
    expect(screen.getByText('alice')).toBeTruthy();
    expect(screen.getByRole('button', { name: /2 modifications en attente/ })).toBeTruthy();
  });

  it('has a labelled burger that toggles aria-expanded', () => {
    renderHeader(auth());
    const burger = screen.getByRole('button', { name: 'Menu de navigation' });
    expect(burger.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(burger);
    expect(burger.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(burger, { key: 'Escape' });
    expect(burger.getAttribute('aria-expanded')).toBe('false');
  });

  it('signs out at once when nothing is unsent', () => {
    const a = auth({ user: alice });
    renderHeader(a);
    fireEvent.click(screen.getByRole('button', { name: 'Déconnexion' }));
    expect(a.signOut).toHaveBeenCalledOnce();
  });

  it('asks before signing out with unsent changes, and Annuler keeps them', () => {
    const a = auth({ user: alice });
    renderHeader(a, syncStatus({ pendingCount: 1, rejected: [rejectedChange()] }));
    fireEvent.click(screen.getByRole('button', { name: 'Déconnexion' }));
    const dialog = screen.getByRole('dialog', { name: 'Se déconnecter ?' });
    expect(dialog.textContent).toContain('2 modifications n’ont pas encore été envoyées');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(a.signOut).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Déconnexion' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Se déconnecter et abandonner' }));
    expect(a.signOut).toHaveBeenCalledOnce();
  });

  it('asks to sign in again only once the network is back', () => {
    const a = auth({ user: alice, tokenExpired: true });
    const { unmount } = renderHeader(a, syncStatus({ connection: 'needs-sign-in' }), false);
    expect(screen.queryByText(/Votre session a expiré/)).toBeNull();
    unmount();
    renderHeader(a, syncStatus({ connection: 'needs-sign-in' }), true);
    const notice = screen.getByRole('status');
    fireEvent.click(within(notice).getByRole('button', { name: 'Se reconnecter' }));
    expect(a.signIn).toHaveBeenCalledWith('/entretien?x=1');
  });

  it('does not flash "session expirée" while a silent refresh is in flight after reconnecting', () => {
    const a = auth({ user: alice, tokenExpired: true, refreshing: true });
    renderHeader(a, syncStatus({ connection: 'needs-sign-in' }), true);
    expect(screen.queryByText(/Votre session a expiré/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Se reconnecter' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Reconnexion requise/ }));
    expect(screen.getByText('Renouvellement de la session…')).toBeTruthy();
  });

  it('shows "Hors ligne" to a visitor without account when offline', () => {
    renderHeader(auth(), syncStatus({ connection: 'offline' }), false);
    expect(screen.getByText('Hors ligne')).toBeTruthy();
  });
});
