/**
 * The broker's access rules as data, and predicates that apply them the way Mosquitto 2.0's
 * acl_file does, so the embedded aedes broker enforces what production Mosquitto enforces.
 * mosquitto/acl.conf is the same table in Mosquitto syntax; mosquitto/test/acl.test.ts checks
 * the file against this table and these predicates against a real Mosquitto.
 *
 * How Mosquitto 2.0.11 applies an acl_file (measured, see the test):
 * - PUBLISH is checked against `write` rules; a denied QoS 1 publish gets PUBACK 135.
 * - SUBSCRIBE is granted for every filter; each message is then checked against `read` rules
 *   before delivery, so a device subscribed to `commands/#` still receives only its own commands.
 * For aedes: use `mayPublish` in authorizePublish, `mayRead` in authorizeForward (that is the
 * Mosquitto behaviour), and `maySubscribe` in authorizeSubscribe. `maySubscribe` is stricter
 * than Mosquitto on purpose: it grants a filter only when every topic it can match is readable,
 * so a broker that forgets authorizeForward still cannot leak; the messages a granted
 * subscription receives are exactly the ones Mosquitto would deliver.
 */
import { BACKEND_USERNAME } from './topics.ts';

export type MqttRole = 'device' | 'backend';
export type AclAccess = 'read' | 'write';
export interface AclRule {
  readonly access: AclAccess;
  /** A topic filter; in pattern rules `%u` stands for the connecting username. */
  readonly filter: string;
}

/** `pattern` lines: apply to every account, the backend included. */
export const aclPatternRules: readonly AclRule[] = [
  { access: 'write', filter: 'sensors/%u/#' },
  { access: 'write', filter: 'devices/%u/status' },
  { access: 'read', filter: 'commands/%u/#' },
  { access: 'read', filter: 'broadcast/#' },
];

/** `user` blocks, by account name. */
export const aclUserRules: Readonly<Record<string, readonly AclRule[]>> = {
  [BACKEND_USERNAME]: [
    { access: 'read', filter: 'sensors/#' },
    { access: 'read', filter: 'devices/#' },
    { access: 'write', filter: 'commands/#' },
  ],
};

/** The role Mosquitto implicitly gives an account: its rules are keyed by username. */
export function roleOf(username: string): MqttRole {
  return username === BACKEND_USERNAME ? 'backend' : 'device';
}

function rulesFor(role: MqttRole, username: string): AclRule[] {
  const own = role === 'backend' ? [...(aclUserRules[BACKEND_USERNAME] ?? [])] : [];
  // Mosquitto refuses pattern access to a username that could escape its own subtree.
  if (/[/+#]/.test(username)) return own;
  const patterns = aclPatternRules.map((rule) => ({ ...rule, filter: rule.filter.replaceAll('%u', username) }));
  return [...own, ...patterns];
}

/** A topic name one may publish to: non-empty, no wildcard, no NUL. */
export function isValidTopicName(topic: string): boolean {
  return topic.length > 0 && !/[+#]/.test(topic) && !topic.includes('\u0000');
}

/** A subscription filter: `+` alone in its level, `#` alone and last. */
export function isValidTopicFilter(filter: string): boolean {
  if (filter.length === 0 || filter.includes('\u0000')) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    return !level.includes('+') || level === '+';
  });
}

/** MQTT matching of a topic name against a filter, with the `$`-topic rule Mosquitto's ACL applies. */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && !filter.startsWith('$')) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** True when every topic `inner` can match is also matched by `outer`. */
function filterCovers(outer: string, inner: string): boolean {
  if (inner.startsWith('$') !== outer.startsWith('$')) return false;
  const o = outer.split('/');
  const n = inner.split('/');
  for (let i = 0; i < o.length; i++) {
    // `a/#` matches `a` and everything below it, whatever the inner filter has left
    if (o[i] === '#') return true;
    if (i >= n.length || n[i] === '#') return false;
    if (o[i] === '+') continue;
    if (n[i] === '+' || n[i] !== o[i]) return false;
  }
  return n.length === o.length;
}

/** Strips `$share/<group>/`; null when the shared-subscription syntax is broken. */
function unshare(filter: string): string | null {
  if (!filter.startsWith('$share/')) return filter;
  const match = /^\$share\/([^/+#]+)\/(.+)$/.exec(filter);
  return match ? match[2]! : null;
}

/** May this account PUBLISH to `topic`? (Mosquitto: PUBACK 135 when not.) */
export function mayPublish(role: MqttRole, username: string, topic: string): boolean {
  if (!isValidTopicName(topic)) return false;
  return rulesFor(role, username).some((rule) => rule.access === 'write' && topicMatchesFilter(rule.filter, topic));
}

/** May a message on `topic` be delivered to this account? Mosquitto's per-message read check. */
export function mayRead(role: MqttRole, username: string, topic: string): boolean {
  if (!isValidTopicName(topic)) return false;
  return rulesFor(role, username).some((rule) => rule.access === 'read' && topicMatchesFilter(rule.filter, topic));
}

/**
 * May this account SUBSCRIBE to `filter` (plain or `$share/<group>/…`)? Granted only when one
 * read rule covers every topic the filter can match; see the file header for how this relates
 * to Mosquitto, which grants the SUBSCRIBE and filters each delivery instead.
 */
export function maySubscribe(role: MqttRole, username: string, filter: string): boolean {
  const inner = unshare(filter);
  if (inner === null || !isValidTopicFilter(inner)) return false;
  return rulesFor(role, username).some((rule) => rule.access === 'read' && filterCovers(rule.filter, inner));
}
