/**
 * Per-collection domain rules plugged into the generic push engine. Features provide them
 * (composed in modules.ts); collections without rules get plain optimistic concurrency.
 */
import type { DatabaseTransactionConnection, sql } from '../../platform/db.ts';

export type WireDoc = Record<string, unknown> & { id: string; rev: number; writeId: string | null; deleted: boolean };

export interface PushContext {
  tx: DatabaseTransactionConnection;
  userId: string;
  /** Server time of this push (epoch ms). */
  now: number;
  /** The row as stored before this write (wire form), or null for a new document. */
  current: WireDoc | null;
}

export interface StaleWriteContext extends PushContext {
  current: WireDoc;
  /** The revision the client based its write on; null when it believed it was creating the document. */
  assumedRev: number | null;
}

/** Thrown by rules to refuse one document with a reason; the rest of the batch goes on. */
export class RejectError extends Error {
  override name = 'RejectError';
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface CollectionRules {
  /**
   * Validates and normalises a non-conflicting write; returns the document to store.
   * May read (and, with `sequential`, write) other rows through ctx.tx.
   */
  prepare?(doc: WireDoc, ctx: PushContext): Promise<WireDoc> | WireDoc;
  /**
   * Called instead of reporting a conflict when the client wrote over a stale revision.
   * Return a document to write (a domain merge), or null to report the conflict.
   */
  resolveConflict?(incoming: WireDoc, ctx: StaleWriteContext): Promise<WireDoc | null> | WireDoc | null;
  /** Extra pull condition (e.g. only recent raw sensor readings); combined with the user scope. */
  pullFilter?(now: number): ReturnType<typeof sql.fragment>;
  /** Apply rows one by one (each in its own savepoint) because a write may touch other rows. */
  sequential?: boolean;
}

export type RulesRegistry = Partial<Record<string, CollectionRules>>;
