/**
 * Holds the update state between the service-worker registration (register-sw.ts) and the update
 * prompt: a new version waits, or another tab already activated it. It also owns the reload:
 * once the user accepted and the new worker took over, the page reloads only while nothing would
 * be lost. The prompt keeps the current blockers here (pending changes, forms being edited); a
 * blocker that appears after "Recharger" (a form typed into while the worker activates) holds
 * the reload until it clears. Kept outside React so the registration can start before render.
 */
import { useCallback, useSyncExternalStore } from 'react';

export interface SwUpdateState {
  /** A new version is installed (waiting, or already active through another tab). */
  available: boolean;
  /** Another tab activated the new version: this page still runs the old code and should reload. */
  activatedElsewhere: boolean;
}

export class SwUpdateStore {
  private state: SwUpdateState = { available: false, activatedElsewhere: false };
  private activate: (() => void) | null = null;
  private checker: (() => Promise<void>) | null = null;
  private activationSent = false;
  /** The user accepted the update (and has not withdrawn it). */
  private reloadWanted = false;
  /** The new worker controls this page (or the activation fallback gave up waiting for it). */
  private workerReady = false;
  private reloading = false;
  private blockers: readonly string[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly reload: () => void = () => window.location.reload()) {}

  /** Called by the registration when a new worker waits; `activate` makes it take over. */
  setWaiting(activate: () => void): void {
    this.activate = activate;
    this.emit({ ...this.state, available: true });
  }

  /** Called by the registration when a new worker took control without this tab asking. */
  setActivatedElsewhere(): void {
    this.workerReady = true;
    this.emit({ available: true, activatedElsewhere: true });
  }

  /** Called by the registration once the worker this tab activated controls the page. */
  activationDone(): void {
    this.workerReady = true;
    this.tryReload();
  }

  /** Called by the registration: how to ask the server for a new version now. */
  setChecker(check: () => Promise<void>): void {
    this.checker = check;
  }

  /** What would be lost by reloading now (French sentences); set by the update prompt. */
  setBlockers(reasons: readonly string[]): void {
    if (reasons.join('\n') === this.blockers.join('\n')) return;
    this.blockers = [...reasons];
    this.tryReload();
  }

  /**
   * Looks for a new version now (a found one shows up as `available`). Without a registered worker
   * (dev server, unsupported browser) a reload is the only way to get new files.
   */
  async check(): Promise<void> {
    if (this.checker) await this.checker();
    else this.reload();
  }

  /** The user accepted the update and nothing blocks it: activate the new worker, then reload. */
  apply(): void {
    this.reloadWanted = true;
    if (!this.state.activatedElsewhere && !this.activationSent && this.activate) {
      this.activationSent = true;
      this.activate();
    }
    this.tryReload();
  }

  /** The user withdrew the request ("Annuler"): a held reload no longer happens by itself. */
  withdraw(): void {
    this.reloadWanted = false;
  }

  getSnapshot = (): SwUpdateState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private tryReload(): void {
    if (this.reloading || !this.reloadWanted || !this.workerReady || this.blockers.length > 0) return;
    this.reloading = true;
    this.reload();
  }

  private emit(next: SwUpdateState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

export const swUpdateStore = new SwUpdateStore();

export interface SwUpdate extends SwUpdateState {
  apply: () => void;
  withdraw: () => void;
  check: () => Promise<void>;
  setBlockers: (reasons: readonly string[]) => void;
}

export function useSwUpdate(store: SwUpdateStore = swUpdateStore): SwUpdate {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const apply = useCallback(() => store.apply(), [store]);
  const withdraw = useCallback(() => store.withdraw(), [store]);
  const check = useCallback(() => store.check(), [store]);
  const setBlockers = useCallback((reasons: readonly string[]) => store.setBlockers(reasons), [store]);
  return { ...state, apply, withdraw, check, setBlockers };
}
