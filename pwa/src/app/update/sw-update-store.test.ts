import { describe, expect, it, vi } from 'vitest';
import { SwUpdateStore } from './sw-update-store.ts';

function setup() {
  const reload = vi.fn();
  const activate = vi.fn();
  const store = new SwUpdateStore(reload);
  store.setWaiting(activate);
  return { store, reload, activate };
}

describe('SwUpdateStore', () => {
  it('activates on apply and reloads once the new worker controls the page', () => {
    const { store, reload, activate } = setup();
    expect(store.getSnapshot()).toEqual({ available: true, activatedElsewhere: false });
    store.apply();
    expect(activate).toHaveBeenCalledOnce();
    expect(reload).not.toHaveBeenCalled();
    store.activationDone();
    expect(reload).toHaveBeenCalledOnce();
    store.activationDone();
    expect(reload).toHaveBeenCalledOnce();
  });

  it('holds the reload when a form became dirty after "Recharger", and reloads when it is cleared', () => {
    const { store, reload, activate } = setup();
    store.apply();
    store.setBlockers(['Un formulaire est en cours de saisie']);
    store.activationDone();
    expect(reload).not.toHaveBeenCalled();
    store.apply(); // the prompt asks again once unblocked: no second activation
    expect(activate).toHaveBeenCalledOnce();
    store.setBlockers([]);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('holds the reload for pending changes that appeared meanwhile', () => {
    const { store, reload } = setup();
    store.apply();
    store.setBlockers(['Envoi de 1 modification en attente…']);
    store.activationDone();
    expect(reload).not.toHaveBeenCalled();
    store.setBlockers([]);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('does not reload by itself after the request was withdrawn', () => {
    const { store, reload } = setup();
    store.apply();
    store.setBlockers(['Un formulaire est en cours de saisie']);
    store.activationDone();
    store.withdraw();
    store.setBlockers([]);
    expect(reload).not.toHaveBeenCalled();
    store.apply();
    expect(reload).toHaveBeenCalledOnce();
  });

  it('when another tab activated the version: says so, and "Recharger" reloads when safe without activating', () => {
    const { store, reload, activate } = setup();
    const listener = vi.fn();
    store.subscribe(listener);
    store.setActivatedElsewhere();
    expect(store.getSnapshot()).toEqual({ available: true, activatedElsewhere: true });
    expect(listener).toHaveBeenCalled();
    expect(reload).not.toHaveBeenCalled();
    store.setBlockers(['Un formulaire est en cours de saisie']);
    store.apply();
    expect(reload).not.toHaveBeenCalled();
    store.setBlockers([]);
    expect(reload).toHaveBeenCalledOnce();
    expect(activate).not.toHaveBeenCalled();
  });
});
