/**
 * MQTT consumer for server-side subscribers (the sensor relay), on mqtt.js.
 *
 * - Connects forever with capped exponential backoff, including when the broker is down at
 *   startup or refuses the CONNECT for a while (the original's Paho client never recovered).
 * - Persistent session under a fixed client id (`clean: false`; MQTT 5 also needs a session
 *   expiry), so QoS 1 messages queued while we were away are delivered when we come back.
 * - Subscribes again on every connect.
 * - PUBACK after processing: mqtt.js acknowledges a QoS 1 message as soon as its handler
 *   returns and handles the next packet only after that, so acking "when the batch commits"
 *   through its public hooks would allow one message in flight at a time. Instead the PUBACK
 *   packet mqtt.js produces is held back (wrapping its `_sendPacket`, checked against the pinned
 *   mqtt 5.16.0 by platform/mqtt.test.ts) and written when the handler's promise resolves, in
 *   arrival order as MQTT requires. A message whose handler fails, or that was in flight when the
 *   connection dropped, is never acknowledged, so the broker delivers it again.
 * - Backpressure: past `maxPending` unsettled messages we stop reading from the socket until
 *   some settle; the broker keeps the rest queued in our session.
 * - Publishing (the relay's retained device commands) only while connected, with a timeout: the
 *   caller keeps the desired state and publishes again later, instead of mqtt.js queuing
 *   messages across reconnects.
 */
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient, type Packet } from 'mqtt';
import type { MqttEndpoint } from '../deps.ts';
import type { Logger } from './logger.ts';

export interface InboundMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  /** The broker says it may have delivered this message before (redelivery after a reconnect). */
  duplicate: boolean;
  /** performance.now() when the packet was handed to us */
  receivedAt: number;
}

export interface MqttConsumerOptions {
  endpoint: MqttEndpoint;
  /** Fixed per server instance: the broker keeps this id's session (and its queued messages). */
  clientId: string;
  logger: Logger;
  subscriptions: readonly { topic: string; qos: 0 | 1 }[];
  /**
   * Called once per message in arrival order. The PUBACK of a QoS 1 message is sent when the
   * promise resolves; a rejection leaves it unacknowledged and reconnects, so it is redelivered.
   */
  onMessage(message: InboundMessage): Promise<void>;
  /** Unsettled messages before we stop reading (default 2000). */
  maxPending?: number;
  /** Reconnect delay bounds in ms (default 500 → 30 000, doubling with jitter). */
  reconnect?: { minMs: number; maxMs: number };
  /** MQTT 5 session expiry: how long the broker keeps queuing for us while we are away (default 1 day). */
  sessionExpirySeconds?: number;
  /** Called on every successful CONNACK (e.g. to count reconnects). */
  onConnect?(info: { sessionPresent: boolean }): void;
}

export interface MqttConsumer {
  readonly connected: boolean;
  /** Messages handed to onMessage and not settled yet; PUBACKs held back (for diagnostics). */
  stats(): { pending: number; held: number; headSettled: boolean | null; headHasAck: boolean | null; awaiting: number };
  /** Resolves at the next (or current) successful connection. */
  waitConnected(timeoutMs?: number): Promise<void>;
  /**
   * Publishes on the current connection and resolves on the broker's acknowledgement (QoS 1).
   * Rejects at once when not connected, and after `timeoutMs` (default 10 s) without an answer.
   */
  publish(topic: string, payload: string | Buffer, options: { qos: 0 | 1; retain?: boolean; timeoutMs?: number }): Promise<void>;
  /** Disconnects without acknowledging what is still being processed (it will be redelivered). */
  close(): Promise<void>;
}

type SendPacket = (packet: Packet, cb?: (err?: Error) => void, ...rest: unknown[]) => void;

interface PendingAck {
  settled: boolean;
  /** The PUBACK mqtt.js wanted to send, captured until the handler settles. */
  packet: Packet | null;
}

/** mqtt.js client options for an endpoint; exported for tests and the benchmark. */
export function clientOptions(endpoint: MqttEndpoint, clientId: string, sessionExpirySeconds = 86_400): IClientOptions {
  const options: IClientOptions = {
    clientId,
    username: endpoint.username,
    password: endpoint.password,
    protocolVersion: endpoint.protocolVersion,
    clean: false,
    keepalive: 30,
    connectTimeout: 10_000,
    reconnectPeriod: 500,
    reconnectOnConnackError: true,
    resubscribe: false,
  };
  if (endpoint.protocolVersion === 5) {
    options.properties = { sessionExpiryInterval: sessionExpirySeconds, receiveMaximum: 1000 };
  }
  if (endpoint.caFile) options.ca = readFileSync(endpoint.caFile);
  return options;
}

function nextDelay(current: number, bounds: { minMs: number; maxMs: number }): number {
  const doubled = Math.min(bounds.maxMs, Math.max(bounds.minMs, current * 2));
  return Math.round(doubled * (0.8 + Math.random() * 0.4));
}

/** Holds PUBACKs until their message is processed, and releases them in arrival order. */
function createAckGate(client: MqttClient, send: SendPacket) {
  let queue: PendingAck[] = [];
  /** PUBACKs mqtt.js is about to send, by message id, for the connection that received them. */
  const awaiting = new Map<number, PendingAck>();

  const release = () => {
    while (queue[0]?.settled) {
      const head = queue.shift()!;
      if (head.packet && client.connected) send(head.packet);
    }
  };

  // Called by mqtt.js right after handleMessage's callback for a QoS 1 message.
  const intercept: SendPacket = (packet, cb, ...rest) => {
    const id = (packet as { messageId?: number }).messageId;
    if (packet.cmd === 'puback' && !client.connected) {
      // mqtt.js would store it and send it on the next connection, where that id may already
      // name another message; the broker redelivers this one instead.
      cb?.();
      return;
    }
    const pending = packet.cmd === 'puback' && id !== undefined ? awaiting.get(id) : undefined;
    if (!pending) return send(packet, cb, ...rest);
    awaiting.delete(id!);
    pending.packet = packet;
    cb?.();
    release();
  };

  return {
    intercept,
    /** Registers a QoS 1 message; call the returned function when it is processed. */
    track(messageId: number): () => void {
      const pending: PendingAck = { settled: false, packet: null };
      queue.push(pending);
      awaiting.set(messageId, pending);
      return () => {
        pending.settled = true;
        release();
      };
    },
    stats() {
      return { held: queue.length, headSettled: queue[0]?.settled ?? null, headHasAck: queue[0] ? queue[0].packet !== null : null, awaiting: awaiting.size };
    },
    /** The connection is gone: its held acknowledgements mean nothing to the next one. */
    reset() {
      queue = [];
      awaiting.clear();
    },
  };
}

/** Connects (in the background) and consumes the subscriptions until close(). */
export function startMqttConsumer(opts: MqttConsumerOptions): MqttConsumer {
  const log = opts.logger.child({ component: 'mqtt', clientId: opts.clientId });
  const bounds = opts.reconnect ?? { minMs: 500, maxMs: 30_000 };
  const maxPending = opts.maxPending ?? 2000;
  const options = clientOptions(opts.endpoint, opts.clientId, opts.sessionExpirySeconds);
  options.reconnectPeriod = bounds.minMs;
  const client = mqtt.connect(opts.endpoint.url, options);
  const internals = client as unknown as { _sendPacket: SendPacket };
  const gate = createAckGate(client, internals._sendPacket.bind(client));
  internals._sendPacket = gate.intercept;

  let pending = 0;
  let drained: (() => void) | null = null;
  let closing = false;
  let connectWaiters: (() => void)[] = [];

  const settle = (done: () => void) => {
    pending -= 1;
    done();
    if (pending < maxPending && drained) {
      const resume = drained;
      drained = null;
      resume();
    }
  };

  client.handleMessage = (packet: IPublishPacket, callback: (error?: Error) => void) => {
    const message: InboundMessage = {
      topic: packet.topic,
      payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      qos: packet.qos,
      duplicate: packet.dup,
      receivedAt: performance.now(),
    };
    const done = packet.qos === 1 && packet.messageId !== undefined ? gate.track(packet.messageId) : () => undefined;
    pending += 1;
    opts.onMessage(message).then(
      () => settle(done),
      (err: unknown) => {
        pending -= 1;
        if (closing) return;
        log.error({ err, topic: message.topic }, 'MQTT message not processed; reconnecting so the broker redelivers it');
        client.stream?.destroy();
      },
    );
    if (pending < maxPending) callback();
    else drained = () => callback();
  };

  client.on('connect', (connack) => {
    client.options.reconnectPeriod = bounds.minMs;
    log.info({ sessionPresent: connack.sessionPresent }, 'MQTT connected');
    opts.onConnect?.({ sessionPresent: connack.sessionPresent });
    const subs = Object.fromEntries(opts.subscriptions.map((s) => [s.topic, { qos: s.qos }]));
    client.subscribe(subs, (err, granted) => {
      if (err) return log.error({ err }, 'MQTT subscribe failed');
      const refused = (granted ?? []).filter((g) => g.qos === 128 || g.qos > 2);
      if (refused.length > 0) log.error({ refused: refused.map((g) => g.topic) }, 'MQTT subscription refused by the broker');
    });
    for (const resolve of connectWaiters.splice(0)) resolve();
  });
  client.on('close', () => {
    gate.reset();
    if (closing) return;
    // mqtt.js already armed its timer with the old period; this one applies to the next attempt.
    client.options.reconnectPeriod = nextDelay(client.options.reconnectPeriod ?? bounds.minMs, bounds);
  });
  client.on('offline', () => log.warn({ url: opts.endpoint.url }, 'MQTT broker unreachable, retrying'));
  client.on('error', (err) => log.warn({ err: { message: err.message, code: (err as { code?: unknown }).code } }, 'MQTT error'));

  return {
    get connected() {
      return client.connected;
    },
    stats: () => ({ pending, ...gate.stats() }),
    waitConnected(timeoutMs = 10_000) {
      if (client.connected) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`MQTT not connected after ${timeoutMs} ms`)), timeoutMs);
        connectWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async publish(topic, payload, { qos, retain = false, timeoutMs = 10_000 }) {
      if (!client.connected || closing) throw new Error('MQTT not connected');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`MQTT publish to ${topic} not acknowledged after ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([client.publishAsync(topic, payload, { qos, retain }), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closing = true;
      connectWaiters = [];
      drained = null;
      // Forced: no DISCONNECT handshake that could flush held PUBACKs of unfinished work.
      await client.endAsync(true);
    },
  };
}
