/**
 * Embedded MQTT broker (aedes, MQTT 3.1.1 only) for `npm start`, listening on 127.0.0.1.
 * Devices authenticate through the server's `MqttAuthenticator`; the server itself uses a
 * backend account whose password is generated at every start. Topic rules: the shared ACL
 * table (shared/src/mqtt/acl.ts), the same one production Mosquitto's acl.conf is checked against.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { mayPublish, mayRead, maySubscribe, type MqttRole } from '@itercraft/shared/mqtt/acl';
import { BACKEND_USERNAME, isValidMqttUsername } from '@itercraft/shared/mqtt/topics';
import type { Logger } from '../platform/logger.ts';
import { randomSecret } from './data-files.ts';

export type { MqttRole } from '@itercraft/shared/mqtt/acl';
export { BACKEND_USERNAME } from '@itercraft/shared/mqtt/topics';
/** Checks a device's (or another backend's) MQTT credentials; null refuses the connection. */
export type MqttAuthenticator = (username: string, password: string) => Promise<MqttRole | null>;

/** Where refused publishes go: no client may subscribe to it, so they vanish like in Mosquitto. */
const DENIED_TOPIC = '$itercraft/denied';

export interface EmbeddedBroker {
  url: string;
  backend: { username: string; password: string };
  stop(): Promise<void>;
}

const refuse = (returnCode: 3 | 4 | 5, message: string): AuthenticateError => Object.assign(new Error(message), { returnCode });

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface MqttPrincipal {
  username: string;
  role: MqttRole;
}

/** `$share/<group>/<filter>` → `<filter>`; other filters unchanged. */
function withoutSharePrefix(filter: string): string {
  return /^\$share\/[^/+#]+\/(.+)$/.exec(filter)?.[1] ?? filter;
}

function configure(broker: Aedes, backendPassword: string, authenticator: MqttAuthenticator | undefined, log: Logger): void {
  const principals = new WeakMap<Client, MqttPrincipal>();

  broker.authenticate = (client, username, password, done) => {
    if (username === undefined || password === undefined) return done(refuse(5, 'anonymous clients are not allowed'), false);
    const secret = password.toString('utf8');
    const accept = (role: MqttRole) => {
      principals.set(client, { username, role });
      done(null, true);
    };
    if (username === BACKEND_USERNAME) {
      return sameSecret(secret, backendPassword) ? accept('backend') : done(refuse(4, 'bad credentials'), false);
    }
    if (!authenticator || !isValidMqttUsername(username)) return done(refuse(4, 'bad credentials'), false);
    authenticator(username, secret).then(
      (role) => (role ? accept(role) : done(refuse(4, 'bad credentials'), false)),
      (err: unknown) => {
        log.error({ err, username }, 'MQTT authenticator failed');
        done(refuse(3, 'authentication unavailable'), false);
      },
    );
  };

  // Mosquitto drops an unauthorised PUBLISH silently (MQTT 3.1.1 has no reason code); aedes
  // would disconnect the client. Re-routing it to an unsubscribable topic keeps Mosquitto's
  // behaviour, so firmware and relay code see the same broker semantics in both setups.
  broker.authorizePublish = (client, packet, done) => {
    // client is null only for wills left by another broker instance: never the case here, refused.
    const principal = client ? principals.get(client) : undefined;
    if (!principal || !mayPublish(principal.role, principal.username, packet.topic)) {
      log.warn({ username: principal?.username, topic: packet.topic }, 'MQTT publish refused by topic rules');
      packet.topic = DENIED_TOPIC;
      packet.retain = false;
    }
    done(null);
  };

  // aedes has no shared subscriptions: `$share/<group>/f` becomes `f`, which is the same
  // delivery when a single server instance is the only subscriber (the embedded case).
  broker.authorizeSubscribe = (client, subscription, done) => {
    const principal = principals.get(client);
    if (!principal || !maySubscribe(principal.role, principal.username, subscription.topic)) {
      log.warn({ username: principal?.username, topic: subscription.topic }, 'MQTT subscription refused by topic rules');
      return done(null, null); // SUBACK 0x80 for this filter, connection kept
    }
    done(null, { ...subscription, topic: withoutSharePrefix(subscription.topic) });
  };

  // Mosquitto also checks every delivery against the reader's rules; maySubscribe is already
  // stricter, this keeps the same guarantee should a rule ever change.
  broker.authorizeForward = (client, packet) => {
    const principal = principals.get(client);
    return principal && mayRead(principal.role, principal.username, packet.topic) ? packet : null;
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts aedes on 127.0.0.1:`port` (0 picks a free port). */
export async function startEmbeddedBroker(opts: { port: number; logger: Logger; authenticator?: MqttAuthenticator }): Promise<EmbeddedBroker> {
  const log = opts.logger.child({ component: 'embedded-mqtt' });
  const backendPassword = randomSecret();
  const broker = await Aedes.createBroker({ drainTimeout: 10_000 });
  configure(broker, backendPassword, opts.authenticator, log);
  broker.on('clientError', (client, err) => log.debug({ err, clientId: client.id }, 'MQTT client error'));
  const server = createServer((socket) => broker.handle(socket));
  let port: number;
  try {
    port = await listen(server, opts.port);
  } catch (error) {
    await new Promise<void>((r) => broker.close(() => r()));
    throw new Error(`Embedded MQTT broker cannot listen on 127.0.0.1:${opts.port}: ${(error as Error).message}`, { cause: error });
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    backend: { username: BACKEND_USERNAME, password: backendPassword },
    async stop() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
      await closed;
    },
  };
}
