/**
 * The single replication stream of this browser (run by the leader tab only): one fetch-based
 * SSE connection to /sync/v1/stream. It carries hints only ("collection X changed", "resync"),
 * never documents; the caller answers them with checkpoint pulls. Reconnects with backoff; the
 * server sends `resync` first on every connection, which covers whatever was missed meanwhile.
 * A connection silent for longer than the heartbeat timeout is considered dead and replaced
 * (proxies and sleeping laptops leave half-open sockets that never error).
 */
import { ApiError } from '../lib/api-error.ts';
import { BackoffGate } from './backoff.ts';
import { SseParser, type SseEvent } from './sse-parser.ts';
import type { SyncTransport } from './transport.ts';

export const HEARTBEAT_TIMEOUT_MS = 45_000;

export interface ChangeStreamOptions {
  transport: SyncTransport;
  onEvent(event: SseEvent): void;
  onOpen(): void;
  /** The connection ended; `error` is null for a normal end or a dead (silent) connection. */
  onClose(error: ApiError | null): void;
  heartbeatTimeoutMs?: number;
  gate?: BackoffGate;
}

class SilentStreamError extends Error {}

export class ChangeStream {
  private running = false;
  private controller: AbortController | null = null;
  private readonly gate: BackoffGate;
  private loop: Promise<void> = Promise.resolve();
  private reconnectAtOnce = false;

  constructor(private readonly options: ChangeStreamOptions) {
    this.gate = options.gate ?? new BackoffGate();
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops and waits until the connection is closed. */
  async stop(): Promise<void> {
    this.running = false;
    this.controller?.abort();
    this.gate.kick();
    await this.loop;
  }

  /** Drops the current connection (if any) and connects again without waiting. */
  reconnectNow(): void {
    this.reconnectAtOnce = true;
    this.gate.kick();
    this.controller?.abort(new SilentStreamError('reconnect'));
  }

  /** After a connection ends: wait before the next one, unless a reconnection was asked for. */
  private noteEnded(): void {
    if (this.reconnectAtOnce) this.reconnectAtOnce = false;
    else this.gate.failed();
  }

  private async run(): Promise<void> {
    while (this.running) {
      await this.gate.wait();
      if (!this.running) break;
      const controller = new AbortController();
      this.controller = controller;
      try {
        const res = await this.options.transport.openStream(controller.signal);
        if (!res.body) throw new ApiError('server', res.status, 'BAD_RESPONSE', 'Flux de synchronisation illisible');
        this.gate.succeeded();
        this.options.onOpen();
        await this.read(res.body, controller);
        this.noteEnded();
        if (this.running) this.options.onClose(null);
      } catch (err) {
        if (!this.running) break;
        this.noteEnded();
        const silent = controller.signal.aborted;
        const error = silent ? null : err instanceof ApiError ? err : ApiError.network(err);
        this.options.onClose(error);
        // Nothing a retry can fix: the engine restarts the stream after sign-in or reload.
        if (error && (error.kind === 'unauthorized' || error.kind === 'outdated')) this.running = false;
      } finally {
        this.controller = null;
      }
    }
  }

  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    const parser = new SseParser();
    const reader = body.getReader();
    const timeout = this.options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
    let watchdog = setTimeout(() => controller.abort(new SilentStreamError('silent')), timeout);
    const onAbort = () => void reader.cancel().catch(() => undefined);
    controller.signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || controller.signal.aborted) return;
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(new SilentStreamError('silent')), timeout);
        for (const event of parser.push(value)) this.options.onEvent(event);
      }
    } finally {
      clearTimeout(watchdog);
      controller.signal.removeEventListener('abort', onAbort);
      reader.releaseLock();
    }
  }
}
