/**
 * Pull: the rows of one collection that a user may see, written after the checkpoint.
 *
 * Commit-order safety: rows are ordered by (txid, id) and only rows whose writing transaction
 * is older than the oldest transaction still in progress in this database (sync_watermark(), see
 * migration 0004) are handed out.
 * Every transaction below that watermark that could write here has finished, so a transaction that
 * commits later always has a txid above the cursor and can never be skipped. A long-running transaction only
 * delays pulls; it never makes them lose rows.
 */
import type { Checkpoint, PullResponse } from '@itercraft/shared/sync/protocol';
import { errorCodes } from '@itercraft/shared/errors';
import { sql, type Queryable } from '../../platform/db.ts';
import { gone } from '../../http/errors.ts';
import type { CollectionRules, WireDoc } from './rules.ts';
import { scopeFragment, type TableSpec } from './table-spec.ts';

interface PulledRow extends Record<string, unknown> {
  txid: string;
}

export async function assertCheckpointFresh(db: Queryable, spec: TableSpec, checkpoint: Checkpoint | null): Promise<void> {
  if (!checkpoint) return;
  const expired: unknown = await db.maybeOneFirst(sql.unsafe`
    SELECT ${checkpoint.txid}::xid8 <= purged_through FROM sync_purge_horizon WHERE table_name = ${spec.table}`);
  if (expired === true) {
    throw gone(
      'Les données locales sont trop anciennes : une resynchronisation complète est nécessaire',
      errorCodes.CHECKPOINT_EXPIRED,
    );
  }
}

export async function pullChanges(
  db: Queryable,
  spec: TableSpec,
  rules: CollectionRules | undefined,
  userId: string,
  checkpoint: Checkpoint | null,
  limit: number,
  now: number,
): Promise<PullResponse<WireDoc>> {
  await assertCheckpointFresh(db, spec, checkpoint);
  const after = checkpoint
    ? sql.fragment`AND (txid > ${checkpoint.txid}::xid8 OR (txid = ${checkpoint.txid}::xid8 AND id > ${checkpoint.id}))`
    : sql.fragment``;
  const extra = rules?.pullFilter ? sql.fragment`AND ${rules.pullFilter(now)}` : sql.fragment``;
  // One statement, one snapshot: the rows and the watermark they were cut at agree.
  const rows = (await db.any(sql.unsafe`
    WITH w AS (SELECT sync_watermark() AS watermark)
    SELECT w.watermark::text AS sync_watermark, page.*
    FROM w LEFT JOIN LATERAL (
      SELECT ${spec.selectList}, txid::text AS txid
      FROM ${sql.identifier([spec.table])}
      WHERE ${scopeFragment(spec, userId)}
        AND txid < w.watermark
        ${after} ${extra}
      ORDER BY txid, id
      LIMIT ${limit}
    ) page ON true`)) as readonly (PulledRow & { syncWatermark: string })[];
  const watermark = rows[0]!.syncWatermark;
  const found = rows.filter((r) => r.id !== null);
  const documents = found.map((row) => {
    const { txid: _txid, syncWatermark: _w, ...doc } = row;
    void _txid;
    void _w;
    return spec.def.wireSchema.parse(doc) as WireDoc;
  });
  const last = found.at(-1);
  let next: Checkpoint | null = last ? { txid: last.txid, id: String(last.id) } : checkpoint;
  if (found.length < limit) {
    // Everything in scope below the watermark has been handed out, so the cursor may move up to it.
    // Idle clients thereby keep a recent checkpoint (no needless 410 after tombstone purges) and an
    // empty collection still yields a checkpoint (a full resync that finds nothing can complete).
    const floor: Checkpoint = { txid: (BigInt(watermark) - 1n).toString(), id: '' };
    if (!next || compareCheckpoints(floor, next) > 0) next = floor;
  }
  return { documents, checkpoint: next };
}

function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const ta = BigInt(a.txid);
  const tb = BigInt(b.txid);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
