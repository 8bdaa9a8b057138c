/** Messages between a test and a client running in a worker thread. */
import type { CollectionName } from '@itercraft/shared/collections/index';
import type { SyncStatus } from '../../src/sync/sync-status.types.ts';

export interface ClientInit {
  baseUrl: string;
  token: string | null;
  name: string;
}

export type Json = Record<string, unknown>;

/** The operations a test drives; each runs inside the worker against the real data layer. */
export interface ClientApi {
  write(collection: CollectionName, doc: Json): Promise<Json>;
  patch(collection: CollectionName, id: string, patch: Json): Promise<Json>;
  remove(collection: CollectionName, id: string): Promise<void>;
  /** A document as stored locally (pendingAt included), or null (deleted or never written). */
  get(collection: CollectionName, id: string): Promise<Json | null>;
  liveDocs(collection: CollectionName): Promise<Json[]>;
  issue(key: string): Promise<Json | null>;
  issueCount(): Promise<number>;
  status(): Promise<SyncStatus>;
  requests(): Promise<string[]>;
  responses(): Promise<string[]>;
  setToken(token: string | null): Promise<void>;
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  discardRejected(key: string): Promise<void>;
  awaitInSync(): Promise<void>;
  /**
   * The Entretien page's view model (buildView) on this device's local data, at the device's
   * server clock, in `timeZone`: the totals table and each card's "Aujourd'hui".
   */
  entretienView(timeZone: string): Promise<EntretienFigures>;
}

export interface EntretienFigures {
  now: number;
  todayMinutes: number;
  weekMinutes: number;
  monthMinutes: number;
  yearMinutes: number;
  byActivity: { serviceId: string; serviceCode: string; serviceLabel: string; todayMinutes: number; weekMinutes: number; monthMinutes: number; yearMinutes: number }[];
  /** Each card's "Aujourd'hui", by activity id. */
  cards: Record<string, number>;
}

export type Request = { id: number; method: keyof ClientApi; args: unknown[] };
export type Response = { id: number; result?: unknown; error?: string };
