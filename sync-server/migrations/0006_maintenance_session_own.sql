-- Up Migration
-- The own interval of a maintenance session whose replicated row shows something else. The
-- survivor of a double start stores its group's interval (what every device shows); what its own
-- device recorded is kept here, server-only and never replicated, so that the next recomputation
-- of the group starts from every member's own interval (shared/src/maintenance/README.md,
-- "Double start"). A row exists only while it differs from the session's stored interval.
-- Keyed by owner too: an id chosen by another user can never reach this user's rows.
CREATE TABLE maintenance_session_own (
  owner_id varchar(255) NOT NULL,
  -- Deferred: the push rules record it before the push engine inserts a new session.
  id varchar(64) NOT NULL REFERENCES maintenance_sessions (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  started_at bigint NOT NULL,
  ended_at bigint,
  auto_stopped boolean NOT NULL,
  PRIMARY KEY (owner_id, id),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);

-- Down Migration
DROP TABLE IF EXISTS maintenance_session_own;
