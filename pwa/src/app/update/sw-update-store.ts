/**
 * Holds "a new service worker is installed and waiting". The registration (register-sw.ts) fills
 * it; the update prompt reads it. Kept outside React so the registration can start before render.
 */
import { useCallback, useSyncExternalStore } from 'react';

export interface SwUpdateState {
  /** A new version is installed and waiting to take over. */
  available: boolean;
}

export class SwUpdateStore {
  private state: SwUpdateState = { available: false };
  private activate: (() => void) | null = null;
  private checker: (() => Promise<void>) | null = null;
  private readonly listeners = new Set<() => void>();

  /** Called by the registration when a new worker waits; `activate` makes it take over and reloads. */
  setWaiting(activate: () => void): void {
    this.activate = activate;
    this.state = { available: true };
    for (const listener of this.listeners) listener();
  }

  /** Called by the registration: how to ask the server for a new version now. */
  setChecker(check: () => Promise<void>): void {
    this.checker = check;
  }

  /**
   * Looks for a new version now (a found one shows up as `available`). Without a registered worker
   * (dev server, unsupported browser) a reload is the only way to get new files.
   */
  async check(): Promise<void> {
    if (this.checker) await this.checker();
    else window.location.reload();
  }

  /** Activates the waiting version (the caller has checked nothing would be lost). */
  apply(): void {
    this.activate?.();
  }

  getSnapshot = (): SwUpdateState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export const swUpdateStore = new SwUpdateStore();

export function useSwUpdate(store: SwUpdateStore = swUpdateStore): SwUpdateState & { apply: () => void; check: () => Promise<void> } {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const apply = useCallback(() => store.apply(), [store]);
  const check = useCallback(() => store.check(), [store]);
  return { ...state, apply, check };
}
