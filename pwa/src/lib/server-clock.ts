/**
 * Server time as seen from this device. Each sync response carries the server clock in the
 * `x-server-time` header; the offset (server − client) is measured with the usual NTP-style
 * correction: the server stamped its time somewhere during the round trip, so we compare it
 * with the midpoint of our send and receive times. The error is at most half the round trip,
 * so samples with a shorter round trip are trusted more.
 *
 * Features stamp user actions with `now()` so times recorded offline on a device whose clock
 * is off still land where they belong. The last offset survives reloads (device-local store).
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import { browserKeyValueStore, type KeyValueStore } from './kv-store.ts';

export interface ClockSample {
  /** Client time (epoch ms) when the request was sent. */
  sentAt: number;
  /** Client time (epoch ms) when the response headers arrived. */
  receivedAt: number;
  /** Server time (epoch ms) from the response header. */
  serverTime: number;
}

/** Server minus client, corrected by half the round trip. */
export function computeClockOffset(sample: ClockSample): number {
  const midpoint = sample.sentAt + (sample.receivedAt - sample.sentAt) / 2;
  return Math.round(sample.serverTime - midpoint);
}

/** Parses the header value; null when absent or not a plausible epoch-ms integer. */
export function parseServerTimeHeader(value: string | null): number | null {
  if (!value || !/^\d{10,16}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** A sample older than this no longer outranks a fresher one with a longer round trip. */
const SAMPLE_TRUST_MS = 5 * 60_000;

export class ServerClock {
  private readonly offsetSubject: BehaviorSubject<number>;
  private bestRoundTrip = Number.POSITIVE_INFINITY;
  private bestAt = 0;

  constructor(
    private readonly store: KeyValueStore = browserKeyValueStore(),
    private readonly storageKey = 'itercraft.clockOffsetMs',
    private readonly localNow: () => number = () => Date.now(),
  ) {
    const saved = Number(store.get(storageKey));
    this.offsetSubject = new BehaviorSubject(Number.isFinite(saved) ? saved : 0);
  }

  get offsetMs(): number {
    return this.offsetSubject.getValue();
  }

  get offset$(): Observable<number> {
    return this.offsetSubject.asObservable();
  }

  /** Current server time (epoch ms, integer) according to the last measured offset. */
  now(): number {
    return Math.round(this.localNow() + this.offsetMs);
  }

  /**
   * Records one measurement. A sample with a shorter round trip than the recent best replaces
   * it; a slower one is ignored unless the best is stale (clocks drift, devices sleep).
   */
  record(sample: ClockSample): void {
    const roundTrip = Math.max(0, sample.receivedAt - sample.sentAt);
    const stale = sample.receivedAt - this.bestAt > SAMPLE_TRUST_MS;
    if (!stale && roundTrip > this.bestRoundTrip) return;
    this.bestRoundTrip = roundTrip;
    this.bestAt = sample.receivedAt;
    const offset = computeClockOffset(sample);
    this.adopt(offset);
  }

  /** Takes an offset measured elsewhere (the leader tab measures, the other tabs adopt it). */
  adopt(offsetMs: number): void {
    if (!Number.isFinite(offsetMs) || offsetMs === this.offsetMs) return;
    this.store.set(this.storageKey, String(Math.round(offsetMs)));
    this.offsetSubject.next(Math.round(offsetMs));
  }
}

/** The app's clock (one database per browser profile); tests create their own instances. */
export const serverClock = new ServerClock();

/** Server time now (epoch ms), for features that stamp user actions. */
export function serverNow(): number {
  return serverClock.now();
}
