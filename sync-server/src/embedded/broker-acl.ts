/**
 * Topic rules of the embedded broker: the same as the production Mosquitto ACL, written once
 * here because `shared/src/mqtt/topics.ts` did not exist when the broker was written.
 * A device (its MQTT username) may publish only `sensors/<username>/...` and
 * `devices/<username>/status`, and subscribe to `commands/<username>/#` and `broadcast/#`.
 * The backend may subscribe to `sensors/#` and `devices/#` (also as shared subscriptions
 * `$share/<group>/...`) and publish `commands/#`. Nobody is anonymous.
 */
export type MqttRole = 'backend' | 'device';

export interface MqttPrincipal {
  username: string;
  role: MqttRole;
}

interface Rules {
  publish: string[];
  subscribe: string[];
}

function rulesFor({ username, role }: MqttPrincipal): Rules {
  if (role === 'backend') return { publish: ['commands/#'], subscribe: ['sensors/#', 'devices/#'] };
  return { publish: [`sensors/${username}/#`, `devices/${username}/status`], subscribe: [`commands/${username}/#`, 'broadcast/#'] };
}

/** A username that is one literal topic level, so it cannot widen the per-user rules. */
export function isValidMqttUsername(username: string): boolean {
  return username.length > 0 && username.length <= 128 && !/[/+#]/.test(username) && !username.includes('\0') && !username.startsWith('$');
}

/** MQTT matching of a concrete topic against a filter with `+` and `#` wildcards. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i += 1) {
    if (f[i] === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** True when every topic the subscription `filter` can match is also matched by `rule`. */
export function filterWithin(filter: string, rule: string): boolean {
  const f = filter.split('/');
  const r = rule.split('/');
  for (let i = 0; i < r.length; i += 1) {
    if (r[i] === '#') return i === r.length - 1;
    if (i >= f.length) return false;
    if (f[i] === '#') return false;
    if (r[i] === '+') continue;
    if (f[i] !== r[i]) return false;
  }
  return f.length === r.length;
}

/** `$share/<group>/<filter>` → `<filter>`; other filters unchanged. */
export function withoutSharePrefix(filter: string): { filter: string; shared: boolean } {
  const match = /^\$share\/[^/+#]+\/(.+)$/.exec(filter);
  return match?.[1] ? { filter: match[1], shared: true } : { filter, shared: false };
}

export function mayPublish(principal: MqttPrincipal, topic: string): boolean {
  return rulesFor(principal).publish.some((rule) => topicMatches(rule, topic));
}

/** Shared subscriptions are a backend feature (several server instances split the load). */
export function maySubscribe(principal: MqttPrincipal, filter: string): boolean {
  const inner = withoutSharePrefix(filter);
  if (inner.shared && principal.role !== 'backend') return false;
  return rulesFor(principal).subscribe.some((rule) => filterWithin(inner.filter, rule));
}
