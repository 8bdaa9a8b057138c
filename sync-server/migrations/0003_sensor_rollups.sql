-- Up Migration
-- Sensors, server-only tables (never replicated):
-- * device broker credentials: the password hash in Mosquitto's own `$7$` format (PBKDF2-SHA512),
--   checked by the embedded broker and exported to Mosquitto's password file;
-- * 5-minute rollups kept ≥ 1 year for long ranges over REST (hourly rollups are `kind = '1h'`
--   rows of sensor_readings, so they replicate to the PWA);
-- * the rollup job's cursor over raw readings, in commit order (txid, id) like pulls.

CREATE TABLE sensor_device_credentials (
  device_id varchar(64) PRIMARY KEY REFERENCES sensor_devices (id) ON DELETE CASCADE,
  mqtt_username varchar(64) NOT NULL UNIQUE,
  password_hash text NOT NULL CHECK (password_hash LIKE '$7$%'),
  created_at bigint NOT NULL
);

CREATE TABLE sensor_rollups_5m (
  device_id varchar(64) NOT NULL,
  owner_id varchar(255) NOT NULL,
  bucket_start bigint NOT NULL CHECK (bucket_start % 300000 = 0),
  count integer NOT NULL CHECK (count > 0),
  -- per metric: how many non-null values, their sum, min and max (null when none)
  dht_temperature_n integer NOT NULL DEFAULT 0,
  dht_temperature_sum double precision,
  dht_temperature_min double precision,
  dht_temperature_max double precision,
  dht_humidity_n integer NOT NULL DEFAULT 0,
  dht_humidity_sum double precision,
  dht_humidity_min double precision,
  dht_humidity_max double precision,
  ntc_temperature_n integer NOT NULL DEFAULT 0,
  ntc_temperature_sum double precision,
  ntc_temperature_min double precision,
  ntc_temperature_max double precision,
  luminosity_n integer NOT NULL DEFAULT 0,
  luminosity_sum double precision,
  luminosity_min double precision,
  luminosity_max double precision,
  PRIMARY KEY (device_id, bucket_start)
);
CREATE INDEX sensor_rollups_5m_owner_bucket ON sensor_rollups_5m (owner_id, bucket_start);
CREATE INDEX sensor_rollups_5m_bucket ON sensor_rollups_5m (bucket_start);

CREATE TABLE sensor_rollup_cursor (
  name varchar(32) PRIMARY KEY,
  txid xid8 NOT NULL,
  id varchar(64) NOT NULL
);
INSERT INTO sensor_rollup_cursor (name, txid, id) VALUES ('raw', '0'::xid8, '');

-- The rollup job reads raw readings in commit order; REST reads a user's raw range.
CREATE INDEX sensor_readings_raw_txid ON sensor_readings (txid, id) WHERE kind = 'raw';
CREATE INDEX sensor_readings_raw_owner_measured ON sensor_readings (owner_id, measured_at) WHERE kind = 'raw';

-- Down Migration
DROP INDEX IF EXISTS sensor_readings_raw_owner_measured;
DROP INDEX IF EXISTS sensor_readings_raw_txid;
DROP TABLE IF EXISTS sensor_rollup_cursor, sensor_rollups_5m, sensor_device_credentials;
