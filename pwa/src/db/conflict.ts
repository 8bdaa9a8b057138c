/**
 * How this device resolves a push conflict (the server's row moved on since the state our write
 * was based on). One pure function, used both by the RxDB conflict handler (which writes the
 * result) and by the push handler (which records what the device lost), so they cannot disagree.
 *
 * Three-way merge per field against the assumed master (the state the local write started from):
 * - a field changed only here keeps our value, a field changed only on the server keeps theirs;
 *   the merged document is pushed again on top of the server's revision. This also absorbs the
 *   common "false conflict": the server re-stamped our own previous write (new rev) before the
 *   pull brought it back, and we wrote again meanwhile.
 * - a field changed on both sides to different values, or a deletion on one side against an edit
 *   on the other: the server's version wins entirely (never a half-merged document) and the local
 *   content is reported as lost, to be kept in a sync issue.
 */
import { deepEqual } from 'rxdb';

export type Canonical = Record<string, unknown> & { deleted: boolean };

/** Fields stamped by the server or local bookkeeping: never compared as content. */
const META_FIELDS = new Set(['rev', 'updatedAt', 'writeId']);
const LOCAL_FIELDS = new Set(['pendingAt', '_deleted', '_meta', '_rev', '_attachments', 'deleted']);

/** Wire doc (`deleted`) or RxDB doc (`_deleted`, `pendingAt`, `_meta`…) → comparable form. */
export function canonical(doc: Record<string, unknown>): Canonical {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!LOCAL_FIELDS.has(key)) out[key] = value;
  return { ...out, deleted: Boolean(doc._deleted ?? doc.deleted) };
}

function contentKeys(...docs: Canonical[]): string[] {
  const keys = new Set<string>();
  for (const doc of docs) for (const key of Object.keys(doc)) if (!META_FIELDS.has(key)) keys.add(key);
  return [...keys];
}

export function sameContent(a: Canonical, b: Canonical): boolean {
  return contentKeys(a, b).every((key) => deepEqual(a[key], b[key]));
}

export type Resolution =
  /** Keep the server's version. `lost`: the local content differed and is overwritten. */
  | { kind: 'server'; lost: boolean }
  /** Push this merged document (server's rev/updatedAt, our writeId). */
  | { kind: 'merged'; doc: Canonical };

export function resolveConflict(local: Canonical, assumed: Canonical | null, master: Canonical): Resolution {
  if (sameContent(local, master)) return { kind: 'server', lost: false };
  if (!assumed) return { kind: 'server', lost: true };
  const keys = contentKeys(local, assumed, master);
  const changedHere = keys.filter((k) => !deepEqual(local[k], assumed[k]));
  const changedThere = keys.filter((k) => !deepEqual(master[k], assumed[k]));
  const deletionClash = local.deleted !== master.deleted && changedHere.length > 0 && changedThere.length > 0;
  const fieldClash = changedHere.some((k) => changedThere.includes(k) && !deepEqual(local[k], master[k]));
  if (deletionClash || fieldClash) return { kind: 'server', lost: true };
  const merged: Canonical = { ...master };
  for (const key of changedHere) merged[key] = local[key];
  merged.writeId = local.writeId;
  merged.deleted = Boolean(merged.deleted);
  if (sameContent(merged, master)) return { kind: 'server', lost: false };
  return { kind: 'merged', doc: merged };
}
