import { describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { useUpdateFlow, type UpdateFlowInput } from './use-update-flow.ts';

function setup(initial: Partial<UpdateFlowInput> = {}) {
  const apply = vi.fn();
  const props: UpdateFlowInput = { available: true, apply, pendingCount: 0, dirtyForms: 0, connection: 'connected', ...initial };
  const hook = renderHook((p: UpdateFlowInput) => useUpdateFlow(p), { initialProps: props });
  return { apply, hook, props };
}

describe('useUpdateFlow', () => {
  it('stays hidden while no new version waits', () => {
    const { hook } = setup({ available: false });
    expect(hook.result.current.phase).toBe('hidden');
  });

  it('offers the update and applies it at once when nothing is pending', () => {
    const { apply, hook } = setup();
    expect(hook.result.current.phase).toBe('available');
    act(() => hook.result.current.request());
    expect(apply).toHaveBeenCalledOnce();
    expect(hook.result.current.phase).toBe('applying');
  });

  it('waits while changes are pending, says why, then applies once they are sent', () => {
    const { apply, hook, props } = setup({ pendingCount: 2 });
    act(() => hook.result.current.request());
    expect(apply).not.toHaveBeenCalled();
    expect(hook.result.current.phase).toBe('waiting');
    expect(hook.result.current.reasons).toEqual(['Envoi de 2 modifications en attente…']);
    hook.rerender({ ...props, pendingCount: 1 });
    expect(hook.result.current.reasons).toEqual(['Envoi de 1 modification en attente…']);
    expect(apply).not.toHaveBeenCalled();
    hook.rerender({ ...props, pendingCount: 0 });
    expect(apply).toHaveBeenCalledOnce();
    hook.rerender({ ...props, pendingCount: 0 });
    expect(apply).toHaveBeenCalledOnce();
  });

  it('explains that pending changes wait for the network when offline', () => {
    const { hook } = setup({ pendingCount: 1, connection: 'offline' });
    act(() => hook.result.current.request());
    expect(hook.result.current.reasons[0]).toBe(
      'Envoi de 1 modification en attente… (hors ligne : l’envoi reprendra au retour du réseau)',
    );
  });

  it('waits while a form is being edited', () => {
    const { apply, hook, props } = setup({ dirtyForms: 1 });
    act(() => hook.result.current.request());
    expect(hook.result.current.reasons).toEqual(['Un formulaire est en cours de saisie']);
    hook.rerender({ ...props, dirtyForms: 0 });
    expect(apply).toHaveBeenCalledOnce();
  });

  it('can be cancelled while waiting: nothing is applied when the blockers clear', () => {
    const { apply, hook, props } = setup({ pendingCount: 1 });
    act(() => hook.result.current.request());
    act(() => hook.result.current.cancel());
    expect(hook.result.current.phase).toBe('available');
    hook.rerender({ ...props, pendingCount: 0 });
    expect(apply).not.toHaveBeenCalled();
  });

  it('shows the reasons again when a blocker appears after applying, and applies again once it clears', () => {
    const { apply, hook, props } = setup();
    act(() => hook.result.current.request());
    expect(apply).toHaveBeenCalledOnce();
    hook.rerender({ ...props, dirtyForms: 1 });
    expect(hook.result.current.phase).toBe('waiting');
    expect(hook.result.current.reasons).toEqual(['Un formulaire est en cours de saisie']);
    hook.rerender({ ...props, dirtyForms: 0 });
    expect(apply).toHaveBeenCalledTimes(2);
  });

  it('withdraws the request from the store when cancelled while waiting', () => {
    const withdraw = vi.fn();
    const { hook } = setup({ pendingCount: 1, withdraw });
    act(() => hook.result.current.request());
    act(() => hook.result.current.cancel());
    expect(withdraw).toHaveBeenCalledOnce();
  });

  it('"Plus tard" hides the prompt', () => {
    const { hook } = setup();
    act(() => hook.result.current.cancel());
    expect(hook.result.current.phase).toBe('hidden');
  });
});
