import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { SyncStatus } from '../../sync/sync-status.types.ts';
import { SyncIndicator } from './sync-indicator.tsx';
import { recordingActions, rejectedChange, syncStatus } from './sync-status.fixture.ts';

function renderIndicator(status: SyncStatus, online = true) {
  const actions = recordingActions();
  const onSignIn = vi.fn();
  render(
    <MemoryRouter>
      <SyncIndicator status={status} actions={actions} online={online} onSignIn={onSignIn} />
    </MemoryRouter>,
  );
  return { actions, onSignIn, button: screen.getByRole('button', { expanded: false }) };
}

describe('SyncIndicator', () => {
  it('shows connection, pending count and last sync in its accessible name', () => {
    const { button } = renderIndicator(syncStatus({ pendingCount: 3, lastSyncedAt: Date.now() - 2 * 60_000 }));
    expect(button.textContent).toContain('En ligne');
    expect(button.textContent).toContain('3 modifications en attente');
    // ICU writes "il y a 2 min" with no-break spaces.
    expect(button.textContent?.replace(/\s/g, ' ')).toContain('Synchronisé il y a 2 min');
  });

  it.each([
    [{ connection: 'offline' as const }, 'Hors ligne'],
    [{ connection: 'connected' as const, syncing: true }, 'Synchronisation…'],
    [{ connection: 'needs-sign-in' as const }, 'Reconnexion requise'],
    [{ connection: 'error' as const }, 'Erreur de synchronisation'],
  ])('labels %o as %s', (overrides, label) => {
    const { button } = renderIndicator(syncStatus(overrides));
    expect(button.textContent).toContain(label);
  });

  it('opens the panel as a disclosure and closes it with Escape, focus back on the button', () => {
    const { button } = renderIndicator(syncStatus());
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const panel = screen.getByRole('region', { name: 'Synchronisation' });
    expect(button.getAttribute('aria-controls')).toBe(panel.id);
    expect(within(panel).getByText('Aucune modification refusée.')).toBeTruthy();
    fireEvent.keyDown(panel, { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Synchronisation' })).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('lists refused changes with their reason and a link to fix them', () => {
    const change = rejectedChange();
    const { button } = renderIndicator(syncStatus({ rejected: [change] }));
    expect(button.textContent).toContain('1 refusée');
    fireEvent.click(button);
    const item = screen.getByRole('listitem', { name: change.label });
    expect(item.textContent).toContain(`Motif du refus : ${change.reason}`);
    expect(within(item).getByRole('link', { name: 'Corriger' }).getAttribute('href')).toBe('/entretien?corriger=s1');
  });

  it('offers only "Abandonner", with the reason and why, where no page can open the record', () => {
    const change = rejectedChange({
      key: 'myGames:g1',
      collection: 'myGames',
      docId: 'g1',
      code: 'DUPLICATE',
      reason: 'Ce jeu est déjà dans votre ludothèque',
      label: 'Jeu « Catan »',
    });
    const { button } = renderIndicator(syncStatus({ rejected: [change] }));
    fireEvent.click(button);
    const item = screen.getByRole('listitem', { name: change.label });
    expect(item.textContent).toContain('Motif du refus : Ce jeu est déjà dans votre ludothèque');
    expect(within(item).queryByRole('link', { name: 'Corriger' })).toBeNull();
    expect(item.textContent).toContain('Aucune page ne permet encore de corriger cette modification');
    expect(within(item).getByRole('button', { name: 'Abandonner' })).toBeTruthy();
  });

  it('discards a refused change only after confirmation', async () => {
    const change = rejectedChange();
    const { actions, button } = renderIndicator(syncStatus({ rejected: [change] }));
    fireEvent.click(button);
    fireEvent.click(screen.getByRole('button', { name: 'Abandonner' }));
    expect(actions.discarded).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    fireEvent.click(screen.getByRole('button', { name: 'Abandonner' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Confirmer l’abandon' }));
      await Promise.resolve();
    });
    expect(actions.discarded).toEqual([change.key]);
  });

  it('warns about a device clock more than 5 minutes off', () => {
    const { button } = renderIndicator(syncStatus({ clockOffsetMs: 8 * 60_000 }));
    fireEvent.click(button);
    expect(screen.getByText(/en retard de 8 min/)).toBeTruthy();
  });

  it('retries on request', () => {
    const online = renderIndicator(syncStatus());
    fireEvent.click(online.button);
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer maintenant' }));
    expect(online.actions.retries).toBe(1);
  });

  it('offers to sign in again when the session expired and the network is back', () => {
    const { button, onSignIn } = renderIndicator(syncStatus({ connection: 'needs-sign-in' }), true);
    fireEvent.click(button);
    fireEvent.click(screen.getByRole('button', { name: 'Se reconnecter' }));
    expect(onSignIn).toHaveBeenCalledOnce();
  });

  it('offline with an expired session, explains instead of asking to sign in', () => {
    const { button } = renderIndicator(syncStatus({ connection: 'needs-sign-in' }), false);
    fireEvent.click(button);
    expect(screen.queryByRole('button', { name: 'Se reconnecter' })).toBeNull();
    expect(screen.getByText(/au retour du réseau/)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Réessayer maintenant' }).disabled).toBe(true);
  });
});
