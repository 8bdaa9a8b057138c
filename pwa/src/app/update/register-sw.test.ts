import { describe, expect, it, vi } from 'vitest';
import { ACTIVATION_FALLBACK_MS, wireWorkbox, type WorkboxLike } from './register-sw.ts';
import { SwUpdateStore } from './sw-update-store.ts';

/** workbox-window's events, fired by hand. */
class FakeWorkbox implements WorkboxLike {
  private readonly target = new EventTarget();
  messageSkipWaiting = vi.fn();
  update = vi.fn(() => Promise.resolve());
  addEventListener(type: 'waiting' | 'controlling', listener: () => void): void {
    this.target.addEventListener(type, listener);
  }
  fire(type: 'waiting' | 'controlling'): void {
    this.target.dispatchEvent(new Event(type));
  }
}

function setup(hadController: boolean) {
  const wb = new FakeWorkbox();
  const reload = vi.fn();
  const store = new SwUpdateStore(reload);
  const timers: { run: () => void; ms: number }[] = [];
  wireWorkbox(wb, store, { hadController, setTimeout: (run, ms) => timers.push({ run, ms }) });
  return { wb, reload, store, timers };
}

describe('wireWorkbox', () => {
  it('ignores the first install taking control (no new version)', () => {
    const { wb, store, reload } = setup(false);
    wb.fire('controlling');
    expect(store.getSnapshot()).toEqual({ available: false, activatedElsewhere: false });
    expect(reload).not.toHaveBeenCalled();
  });

  it('activates the waiting worker on apply and reloads when it controls the page, if nothing blocks', () => {
    const { wb, store, reload } = setup(true);
    wb.fire('waiting');
    expect(store.getSnapshot().available).toBe(true);
    store.apply();
    expect(wb.messageSkipWaiting).toHaveBeenCalledOnce();
    store.setBlockers(['Un formulaire est en cours de saisie']);
    wb.fire('controlling');
    expect(reload).not.toHaveBeenCalled();
    store.setBlockers([]);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('reloads after the fallback delay when the browser holds the activation, still only when safe', () => {
    const { wb, store, reload, timers } = setup(true);
    wb.fire('waiting');
    store.apply();
    expect(timers.map((t) => t.ms)).toEqual([ACTIVATION_FALLBACK_MS]);
    store.setBlockers(['Envoi de 1 modification en attente…']);
    timers[0]!.run();
    expect(reload).not.toHaveBeenCalled();
    store.setBlockers([]);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('tells this tab when another tab activated the new version', () => {
    const { wb, store, reload } = setup(true);
    wb.fire('waiting');
    wb.fire('controlling');
    expect(store.getSnapshot()).toEqual({ available: true, activatedElsewhere: true });
    expect(reload).not.toHaveBeenCalled();
    expect(wb.messageSkipWaiting).not.toHaveBeenCalled();
  });

  it('after a first install, a later change of controller is an update', () => {
    const { wb, store } = setup(false);
    wb.fire('controlling');
    wb.fire('controlling');
    expect(store.getSnapshot().activatedElsewhere).toBe(true);
  });
});
