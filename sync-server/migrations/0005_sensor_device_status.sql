-- Up Migration
-- Sensors, two additions:
-- * the board's connection as it announces it on devices/<username>/status (retained; its last
--   will says offline), written by the relay; replicated with the sensorDevices document
--   (collection version 1). Existing rows keep NULL ("never heard") and are not re-stamped.
-- * server-only: the interval command the broker retains for each device
--   (commands/<username>/interval), so the server publishes only when the device's interval
--   differs from what the broker holds, and clears it when the device is decommissioned.
ALTER TABLE sensor_devices
  ADD COLUMN connection_status varchar(8) CHECK (connection_status IN ('online', 'offline')),
  ADD COLUMN connection_changed_at bigint;

CREATE TABLE sensor_device_commands (
  -- no foreign key: a purged device's retained command must still be found and cleared
  device_id varchar(64) PRIMARY KEY,
  mqtt_username varchar(64) NOT NULL,
  interval_seconds integer NOT NULL CHECK (interval_seconds BETWEEN 10 AND 86400),
  published_at bigint NOT NULL
);

-- Down Migration
DROP TABLE IF EXISTS sensor_device_commands;
ALTER TABLE sensor_devices DROP COLUMN IF EXISTS connection_changed_at, DROP COLUMN IF EXISTS connection_status;
