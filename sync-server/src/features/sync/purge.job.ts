/**
 * Tombstone retention: deleted rows are kept at least 31 days (configurable, never less) so an
 * offline client learns about deletions; older tombstones are purged and the purge horizon is
 * recorded so a client whose checkpoint predates it is forced into a full resync (410).
 */
import { collections } from '@itercraft/shared/collections/index';
import { sql, type DatabasePool } from '../../platform/db.ts';
import type { Job } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Clock } from '../../platform/clock.ts';

export async function purgeTombstones(db: DatabasePool, table: string, olderThan: number): Promise<number> {
  return db.transaction(async (tx) => {
    const purged = (await tx.maybeOne(sql.unsafe`
      WITH gone AS (
        DELETE FROM ${sql.identifier([table])} WHERE deleted AND updated_at < ${olderThan}
        RETURNING txid
      )
      SELECT count(*)::int AS n, max(txid)::text AS horizon FROM gone`)) as { n: number; horizon: string | null } | null;
    const n = Number(purged?.n ?? 0);
    if (n > 0 && typeof purged?.horizon === 'string') {
      await tx.query(sql.unsafe`
        INSERT INTO sync_purge_horizon (table_name, purged_through, purged_at)
        VALUES (${table}, ${purged.horizon}::xid8, ${Date.now()})
        ON CONFLICT (table_name) DO UPDATE
          SET purged_through = greatest(sync_purge_horizon.purged_through, EXCLUDED.purged_through),
              purged_at = EXCLUDED.purged_at`);
    }
    return n;
  });
}

export function purgeTombstonesJob(deps: { db: DatabasePool; logger: Logger; clock: Clock; retentionMs: number }): Job {
  return {
    name: 'sync.purge-tombstones',
    everyMs: 60 * 60_000,
    async run() {
      const olderThan = deps.clock.now() - deps.retentionMs;
      for (const def of Object.values(collections)) {
        const n = await purgeTombstones(deps.db, def.table, olderThan);
        if (n > 0) deps.logger.info({ table: def.table, purged: n }, 'purged old tombstones');
      }
    },
  };
}
