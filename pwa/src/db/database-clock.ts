/** Which ServerClock stamps the writes of a database (one per app; one per client in tests). */
import { serverClock, type ServerClock } from '../lib/server-clock.ts';

// Keyed by the database object; any RxDatabase (typed or not) qualifies.
const clocks = new WeakMap<object, ServerClock>();

export function attachClock(db: object, clock: ServerClock): void {
  clocks.set(db, clock);
}

export function clockOf(db: object): ServerClock {
  return clocks.get(db) ?? serverClock;
}
