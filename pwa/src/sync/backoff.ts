/**
 * Exponential backoff with jitter, shared by every request of one sync engine: when the server
 * is unreachable, the nine collections and the stream slow down together instead of each
 * hammering it on its own timer. `kick()` (back online, "Réessayer", token refreshed) ends the
 * current wait at once.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0..1: part of the delay that is randomised, so many devices do not retry in lockstep. */
  jitter: number;
  random?: () => number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 1_000, maxMs: 60_000, jitter: 0.3 };

/** Delay before attempt n+1 after n consecutive failures (n ≥ 1). */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  if (failures <= 0) return 0;
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(failures - 1, 30));
  const random = options.random ?? Math.random;
  const spread = exp * options.jitter;
  return Math.round(exp - spread + random() * spread);
}

export class BackoffGate {
  private failures = 0;
  private failedAt = 0;
  private wakers = new Set<() => void>();

  constructor(private readonly options: BackoffOptions = defaultBackoff) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  succeeded(): void {
    this.failures = 0;
  }

  failed(): void {
    this.failures++;
    this.failedAt = Date.now();
  }

  /** Resolves when the next attempt may start (immediately when nothing failed). */
  wait(): Promise<void> {
    if (this.failures === 0) return Promise.resolve();
    const remaining = this.failedAt + backoffDelay(this.failures, this.options) - Date.now();
    if (remaining <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, remaining);
      this.wakers.add(done);
    });
  }

  /** Ends every wait now and forgets the failures (a reason to believe things changed). */
  kick(): void {
    this.failures = 0;
    for (const wake of [...this.wakers]) wake();
  }
}
