-- Up Migration
-- The pull watermark: the oldest transaction that may still commit rows into this database.
-- pg_snapshot_xmin() is cluster-wide, so a writing transaction in ANOTHER database of the same
-- cluster (a neighbour application, Keycloak, a test database) would hold every pull back. This
-- takes the snapshot's in-progress transactions minus those positively known to belong to another
-- database. Every race is on the safe side: a transaction that cannot be attributed (it ended
-- meanwhile, or pg_stat_activity hides it from an unprivileged role) still holds the watermark.
-- STABLE, so it runs in the caller's snapshot: the rows of a pull and its watermark agree.
-- Grant the application role pg_read_all_stats to let it see other roles' transactions.
CREATE FUNCTION sync_watermark() RETURNS xid8 LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT min(x)
       FROM pg_snapshot_xip(pg_current_snapshot()) AS x
      WHERE NOT EXISTS (
        SELECT 1 FROM pg_stat_activity a
         WHERE a.backend_xid IS NOT NULL
           AND a.datname IS DISTINCT FROM current_database()
           AND a.backend_xid = ((x::text::numeric % 4294967296)::text)::xid)),
    pg_snapshot_xmax(pg_current_snapshot()))
$$;

-- Down Migration
DROP FUNCTION IF EXISTS sync_watermark();
