/**
 * The MQTT topic layout shared by the ESP32 firmware, Mosquitto's ACL (mosquitto/acl.conf),
 * the embedded aedes broker and the sync server's relay.
 *
 *   sensors/<username>/reading     device → backend   a reading (payload.ts), QoS 1
 *   devices/<username>/status      device → backend   online/offline, retained; the last will says offline
 *   commands/<username>/<name>     backend → device   e.g. `interval`
 *   broadcast/<anything>           → every device     announcements (no account may write it today)
 *
 * `<username>` is the device's broker account (sensorDevices.mqttUsername). The broker only lets
 * an account publish under its own username, so the topic, never the payload, says whose data a
 * message is. The firmware builds the same strings in firmware/lib/core (checked by
 * firmware/test/contract.test.ts).
 */

/** Broker account names: what the sensorDevices schema and mosquitto/scripts accept. */
export const MQTT_USERNAME_PATTERN = /^[a-z0-9][a-z0-9_-]{2,63}$/;

/** The sync server's broker account. */
export const BACKEND_USERNAME = 'itercraft-backend';

/** Account names that are not devices; enrolment must refuse them. */
export const RESERVED_USERNAMES: readonly string[] = [BACKEND_USERNAME, 'admin'];

/** Shared-subscription group of the relay: every server instance joins it, the broker splits the load. */
export const BACKEND_SHARE_GROUP = 'itercraft';

/** What the relay subscribes to for readings: each message goes to one instance only. */
export const BACKEND_SENSOR_SUBSCRIPTION = `$share/${BACKEND_SHARE_GROUP}/sensors/#`;

/**
 * Device statuses. Not shared on purpose: MQTT 5 sends no retained message on a shared
 * subscription, and the retained status is how a restarted server learns who is online.
 */
export const DEVICE_STATUS_FILTER = 'devices/+/status';

/** Every device may read this. */
export const BROADCAST_FILTER = 'broadcast/#';

/** The sub-topic the firmware publishes readings to. */
export const DEFAULT_SENSOR_NAME = 'reading';

/** Commands a device understands (payloads in payload.ts). */
export const COMMAND_NAMES = ['interval'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** True for a valid device or service account name. */
export function isValidMqttUsername(username: string): boolean {
  return MQTT_USERNAME_PATTERN.test(username);
}

/** True when `username` is valid and not one of the service accounts. */
export function isDeviceUsername(username: string): boolean {
  return isValidMqttUsername(username) && !RESERVED_USERNAMES.includes(username);
}

function assertUsername(username: string): void {
  if (!isValidMqttUsername(username)) throw new TypeError(`invalid MQTT username: ${JSON.stringify(username)}`);
}

/** A single topic level: not empty, no wildcard, separator or NUL. */
function isPlainLevel(level: string): boolean {
  return level.length > 0 && !/[/+#]/.test(level) && !level.includes('\u0000');
}

/** `sensors/<username>/<sensorName>`; the firmware uses the default `reading`. */
export function sensorTopic(username: string, sensorName: string = DEFAULT_SENSOR_NAME): string {
  assertUsername(username);
  if (!isPlainLevel(sensorName)) throw new TypeError(`invalid sensor name: ${JSON.stringify(sensorName)}`);
  return `sensors/${username}/${sensorName}`;
}

/** `devices/<username>/status` */
export function deviceStatusTopic(username: string): string {
  assertUsername(username);
  return `devices/${username}/status`;
}

/** `commands/<username>/<name>` */
export function commandTopic(username: string, name: CommandName): string {
  assertUsername(username);
  return `commands/${username}/${name}`;
}

/** The filter a device subscribes to for its commands: `commands/<username>/#`. */
export function commandFilter(username: string): string {
  assertUsername(username);
  return `commands/${username}/#`;
}

/**
 * Owner of a reading topic: `sensors/<username>` or `sensors/<username>/<anything>` (the ACL's
 * `sensors/%u/#` allows both). `subtopic` is what follows the username ('' when nothing).
 * Null for anything else, including a username the broker could not have authenticated.
 */
export function parseSensorTopic(topic: string): { username: string; subtopic: string } | null {
  const levels = topic.split('/');
  const [root, username, ...rest] = levels;
  if (root !== 'sensors' || username === undefined || !isValidMqttUsername(username)) return null;
  if (rest.some((level) => level.includes('+') || level.includes('#'))) return null;
  return { username, subtopic: rest.join('/') };
}

/** Owner of `devices/<username>/status`, else null. */
export function parseDeviceStatusTopic(topic: string): { username: string } | null {
  const levels = topic.split('/');
  if (levels.length !== 3 || levels[0] !== 'devices' || levels[2] !== 'status') return null;
  const username = levels[1]!;
  return isValidMqttUsername(username) ? { username } : null;
}

/** `commands/<username>/<known command>` → its parts, else null. */
export function parseCommandTopic(topic: string): { username: string; name: CommandName } | null {
  const levels = topic.split('/');
  if (levels.length !== 3 || levels[0] !== 'commands') return null;
  const [, username, name] = levels as [string, string, string];
  if (!isValidMqttUsername(username)) return null;
  const known = COMMAND_NAMES.find((command) => command === name);
  return known ? { username, name: known } : null;
}
