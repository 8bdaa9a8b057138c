/**
 * The IoT page's examples, built from the shared MQTT contract (topics and ACL as data) so the
 * page cannot drift from what the firmware, the broker and the relay really use. The payloads
 * are checked against the shared zod schemas by iot-page.test.tsx.
 */
import { aclPatternRules, aclUserRules, type AclRule } from '@itercraft/shared/mqtt/acl';
import { BACKEND_USERNAME, commandTopic, deviceStatusTopic, sensorTopic } from '@itercraft/shared/mqtt/topics';

/** A device's broker account as enrolment creates it (the topic carries it, not the payload). */
export const EXAMPLE_USERNAME = 'capteur-salon';

export const EXAMPLE_TOPICS = {
  reading: sensorTopic(EXAMPLE_USERNAME),
  status: deviceStatusTopic(EXAMPLE_USERNAME),
  interval: commandTopic(EXAMPLE_USERNAME, 'interval'),
} as const;

/** What the firmware publishes on sensors/<username>/reading (the original's fields, kept as is). */
export const EXAMPLE_READING = {
  timestamp: '2026-02-01T10:15:30Z',
  device: 'meteoStation_1',
  dht_temperature: 20.7,
  dht_humidity: 52,
  ntc_temperature: 21.1,
  luminosity: 77,
};

/** Retained on devices/<username>/status at each connection; the last will says "offline". */
export const EXAMPLE_STATUS = {
  status: 'online',
  firmware: '1.0.0',
  uptime_s: 3600,
  interval_s: 30,
  buffered: 0,
  dropped: 0,
  rssi: -61,
};

/** Sent by the server on commands/<username>/interval. */
export const EXAMPLE_INTERVAL_COMMAND = { seconds: 60 };

export interface AclRow {
  account: string;
  access: string;
  filter: string;
}

const ACCESS_LABELS: Record<AclRule['access'], string> = { write: 'publier', read: 'recevoir' };

/** The broker's ACL in words: every device's pattern rules, then the backend account's own. */
export function aclRows(): AclRow[] {
  const devices = aclPatternRules.map((r) => ({ account: 'chaque compte (%u = son identifiant)', access: ACCESS_LABELS[r.access], filter: r.filter }));
  const backend = (aclUserRules[BACKEND_USERNAME] ?? []).map((r) => ({ account: BACKEND_USERNAME, access: ACCESS_LABELS[r.access], filter: r.filter }));
  return [...devices, ...backend];
}
