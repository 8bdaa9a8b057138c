import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { UpdatePromptView, UpdateRequiredNotice } from './update-prompt.tsx';
import type { UpdateFlow } from '../app/update/use-update-flow.ts';

function flow(overrides: Partial<UpdateFlow>): UpdateFlow {
  return { phase: 'available', reasons: [], request: vi.fn(), cancel: vi.fn(), ...overrides };
}

describe('UpdatePromptView', () => {
  it('announces the new version with "Recharger"', () => {
    const f = flow({});
    render(<UpdatePromptView flow={f} />);
    expect(screen.getByRole('status').textContent).toContain('Nouvelle version disponible');
    fireEvent.click(screen.getByRole('button', { name: 'Recharger' }));
    expect(f.request).toHaveBeenCalledOnce();
  });

  it('says why the reload waits', () => {
    render(<UpdatePromptView flow={flow({ phase: 'waiting', reasons: ['Envoi de 2 modifications en attente…', 'Un formulaire est en cours de saisie'] })} />);
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Envoi de 2 modifications en attente…');
    expect(status.textContent).toContain('Un formulaire est en cours de saisie');
    expect(screen.queryByRole('button', { name: 'Recharger' })).toBeNull();
  });

  it('says when another tab already activated the new version, and reloads on request', () => {
    const f = flow({});
    render(<UpdatePromptView flow={f} activatedElsewhere />);
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Nouvelle version active');
    expect(status.textContent).toContain('installée depuis un autre onglet');
    fireEvent.click(screen.getByRole('button', { name: 'Recharger' }));
    expect(f.request).toHaveBeenCalledOnce();
  });

  it('renders nothing when hidden', () => {
    const { container } = render(<UpdatePromptView flow={flow({ phase: 'hidden' })} />);
    expect(container.innerHTML).toBe('');
  });

  it('says a new version is required when the server refused this one, without "Plus tard"', () => {
    render(<UpdatePromptView flow={flow({})} required />);
    expect(screen.getByRole('status').textContent).toContain('Nouvelle version requise');
    expect(screen.queryByRole('button', { name: 'Plus tard' })).toBeNull();
  });

  it('looks for the required version on request', async () => {
    const onCheck = vi.fn(() => Promise.resolve());
    render(<UpdateRequiredNotice onCheck={onCheck} />);
    expect(screen.getByRole('status').textContent).toContain('Vos modifications restent sur cet appareil');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Rechercher la mise à jour' }));
      await Promise.resolve();
    });
    expect(onCheck).toHaveBeenCalledOnce();
  });
});
