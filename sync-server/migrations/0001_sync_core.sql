-- Up Migration
-- Every replicated table carries the same server-stamped sync columns:
--   rev        conflict token, +1 on every write
--   updated_at server clock (epoch ms) of the last write
--   txid       transaction id (xid8) of the last write: the commit-order-safe pull cursor
--   write_id   client id of the last write (idempotent retransmits)
--   deleted    tombstone flag (rows are soft-deleted so clients learn about deletions)
-- The stamps are set by a trigger so no code path (push, REST, jobs, MQTT relay) can forget them.

CREATE FUNCTION sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.txid := pg_current_xact_id();
  NEW.updated_at := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  IF TG_OP = 'INSERT' THEN
    NEW.rev := 1;
  ELSE
    NEW.rev := OLD.rev + 1;
  END IF;
  RETURN NEW;
END $$;

-- NOTIFY is transactional: listeners hear it only after commit, in every server process.
-- One notification per (collection, owner) per statement; '' owner means a global row. The writing
-- transaction's id lets the server hold the hint until pulls can see the row (the pull watermark).
CREATE FUNCTION sync_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT DISTINCT coalesce(owner_id, '') AS owner FROM changed_rows LOOP
    PERFORM pg_notify('itercraft_sync',
      json_build_object('c', TG_ARGV[0], 'o', r.owner, 't', pg_current_xact_id()::text)::text);
  END LOOP;
  RETURN NULL;
END $$;

-- Reference tables have no owner column; their notification is always global.
CREATE FUNCTION sync_notify_global() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('itercraft_sync',
    json_build_object('c', TG_ARGV[0], 'o', '', 't', pg_current_xact_id()::text)::text);
  RETURN NULL;
END $$;

-- Highest txid whose tombstones have been purged, per table: checkpoints below it must resync.
CREATE TABLE sync_purge_horizon (
  table_name text PRIMARY KEY,
  purged_through xid8 NOT NULL,
  purged_at bigint NOT NULL
);

CREATE TABLE services (
  id varchar(64) PRIMARY KEY,
  rev integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL DEFAULT 0,
  write_id varchar(64),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  owner_id varchar(255),
  code varchar(100) NOT NULL,
  label varchar(255) NOT NULL,
  description text,
  scope varchar(10) NOT NULL CHECK (scope IN ('global', 'private')),
  created_at bigint NOT NULL,
  CHECK ((scope = 'global') = (owner_id IS NULL))
);
CREATE UNIQUE INDEX services_code_per_owner ON services (coalesce(owner_id, ''), code) WHERE NOT deleted;

CREATE TABLE subscriptions (
  id varchar(64) PRIMARY KEY,
  rev integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL DEFAULT 0,
  write_id varchar(64),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  owner_id varchar(255) NOT NULL,
  service_id varchar(64) NOT NULL,
  subscribed_at bigint NOT NULL
);
CREATE UNIQUE INDEX subscriptions_owner_service ON subscriptions (owner_id, service_id) WHERE NOT deleted;

CREATE TABLE usages (
  id varchar(64) PRIMARY KEY,
  rev integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL DEFAULT 0,
  write_id varchar(64),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  owner_id varchar(255) NOT NULL,
  service_id varchar(64) NOT NULL,
  used_at bigint NOT NULL
);
CREATE INDEX usages_owner_service ON usages (owner_id, service_id, used_at DESC);

CREATE TABLE maintenance_sessions (
  id varchar(64) PRIMARY KEY,
  rev integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL DEFAULT 0,
  write_id varchar(64),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  owner_id varchar(255) NOT NULL,
  service_id varchar(64) NOT NULL,
  started_at bigint NOT NULL,
  ended_at bigint,
  duration_minutes integer,
  auto_stopped boolean NOT NULL DEFAULT false,
  merged_into varchar(64),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- At most one running session per (user, activity): the database enforces it, not only code.
CREATE UNIQUE INDEX maintenance_sessions_one_running ON maintenance_sessions (owner_id, service_id)
  WHERE ended_at IS NULL AND NOT deleted;
CREATE INDEX maintenance_sessions_owner_started ON maintenance_sessions (owner_id, started_at DESC);
CREATE INDEX maintenance_sessions_running ON maintenance_sessions (started_at) WHERE ended_at IS NULL AND NOT deleted;

CREATE TABLE game_references (
  id varchar(64) PRIMARY KEY,
  rev integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL DEFAULT 0,
  write_id varchar(64),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  kind varchar(12) NOT NULL CHECK (kind IN ('type', 'age', 'complexite')),
  code varchar(50) NOT NULL,
  libelle varchar(100) NOT NULL,
  age_minimum smallint,
  niveau smallint CHECK (niveau BETWEEN 1 AND 5),
  UNIQUE (kind, code)
);

CREATE TABLE games (
  id varchar(64) PRIMARY KEY,
  rev integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL DEFAULT 0,
  write_id varchar(64),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  nom varchar(200) NOT NULL,
  description text,
  type_code varchar(50) NOT NULL,
  joueurs_min smallint NOT NULL,
  joueurs_max smallint NOT NULL,
  age_code varchar(20) NOT NULL,
  duree_moyenne_minutes smallint,
  complexite_niveau smallint NOT NULL CHECK (complexite_niveau BETWEEN 1 AND 5),
  image_url varchar(500),
  CHECK (joueurs_min > 0 AND joueurs_max >= joueurs_min)
);
CREATE INDEX games_nom_lower ON games (lower(nom));

CREATE TABLE my_games (
  id varchar(64) PRIMARY KEY,
  rev integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL DEFAULT 0,
  write_id varchar(64),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  owner_id varchar(255) NOT NULL,
  jeu_id varchar(64),
  requested_nom varchar(200),
  enrichment varchar(10) NOT NULL CHECK (enrichment IN ('pending', 'done', 'failed')),
  note smallint CHECK (note IS NULL OR note BETWEEN 1 AND 5),
  added_at bigint NOT NULL
);
CREATE UNIQUE INDEX my_games_owner_jeu ON my_games (owner_id, jeu_id) WHERE jeu_id IS NOT NULL AND NOT deleted;
CREATE INDEX my_games_pending ON my_games (added_at) WHERE enrichment = 'pending' AND NOT deleted;

CREATE TABLE sensor_devices (
  id varchar(64) PRIMARY KEY,
  rev integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL DEFAULT 0,
  write_id varchar(64),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  owner_id varchar(255) NOT NULL,
  name varchar(100) NOT NULL,
  mqtt_username varchar(64) NOT NULL UNIQUE,
  interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
  status varchar(16) NOT NULL CHECK (status IN ('active', 'decommissioned')),
  last_seen_at bigint,
  created_at bigint NOT NULL
);
CREATE UNIQUE INDEX sensor_devices_owner_name ON sensor_devices (owner_id, lower(name)) WHERE NOT deleted;

CREATE TABLE sensor_readings (
  id varchar(64) PRIMARY KEY,
  rev integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL DEFAULT 0,
  write_id varchar(64),
  deleted boolean NOT NULL DEFAULT false,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  owner_id varchar(255) NOT NULL,
  device_id varchar(64) NOT NULL,
  kind varchar(4) NOT NULL CHECK (kind IN ('raw', '1h')),
  measured_at bigint NOT NULL,
  dht_temperature double precision,
  dht_humidity double precision,
  ntc_temperature double precision,
  luminosity double precision,
  min jsonb,
  max jsonb,
  count integer NOT NULL CHECK (count > 0)
);
CREATE INDEX sensor_readings_device_measured ON sensor_readings (device_id, measured_at DESC);
CREATE INDEX sensor_readings_kind_measured ON sensor_readings (kind, measured_at);

-- Stamping, pull index and change notification for every replicated table.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('services', 'services', true),
      ('subscriptions', 'subscriptions', true),
      ('usages', 'usages', true),
      ('maintenance_sessions', 'maintenanceSessions', true),
      ('game_references', 'gameReferences', false),
      ('games', 'games', false),
      ('my_games', 'myGames', true),
      ('sensor_devices', 'sensorDevices', true),
      ('sensor_readings', 'sensorReadings', true)) AS v(tbl, coll, owned)
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION sync_stamp()',
      t.tbl || '_stamp', t.tbl);
    IF t.owned THEN
      EXECUTE format('CREATE INDEX %I ON %I (owner_id, txid, id)', t.tbl || '_pull', t.tbl);
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION sync_notify(%L)', t.tbl || '_notify_ins', t.tbl, t.coll);
      EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION sync_notify(%L)', t.tbl || '_notify_upd', t.tbl, t.coll);
    ELSE
      EXECUTE format('CREATE INDEX %I ON %I (txid, id)', t.tbl || '_pull', t.tbl);
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE ON %I
                      FOR EACH STATEMENT EXECUTE FUNCTION sync_notify_global(%L)', t.tbl || '_notify', t.tbl, t.coll);
    END IF;
  END LOOP;
END $$;
-- services mixes global and private rows: its pull also needs the global slice by txid.
CREATE INDEX services_pull_global ON services (txid, id) WHERE owner_id IS NULL;

-- Down Migration
DROP TABLE IF EXISTS sensor_readings, sensor_devices, my_games, games, game_references,
  maintenance_sessions, usages, subscriptions, services, sync_purge_horizon;
DROP FUNCTION IF EXISTS sync_notify_global();
DROP FUNCTION IF EXISTS sync_notify();
DROP FUNCTION IF EXISTS sync_stamp();
