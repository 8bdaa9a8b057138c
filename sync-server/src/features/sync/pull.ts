/**
 * Pull: the rows of one collection that a user may see, written after the checkpoint.
 *
 * Commit-order safety: rows are ordered by (txid, id) and only rows whose writing transaction
 * is older than the oldest transaction still in progress (pg_snapshot_xmin) are handed out.
 * Every transaction below that watermark has finished, so a transaction that commits later
 * always has a txid above the cursor and can never be skipped. A long-running transaction only
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
  const expired = await db.maybeOneFirst(sql.unsafe`
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
  const rows = (await db.any(sql.unsafe`
    SELECT ${spec.selectList}, txid::text AS txid
    FROM ${sql.identifier([spec.table])}
    WHERE ${scopeFragment(spec, userId)}
      AND txid < pg_snapshot_xmin(pg_current_snapshot())
      ${after} ${extra}
    ORDER BY txid, id
    LIMIT ${limit}`)) as readonly PulledRow[];
  const documents = rows.map((row) => {
    const { txid: _txid, ...doc } = row;
    void _txid;
    return spec.def.wireSchema.parse(doc) as WireDoc;
  });
  const last = rows.at(-1);
  return {
    documents,
    checkpoint: last ? { txid: last.txid, id: String(last.id) } : checkpoint,
  };
}
