/**
 * The multiplexed replication stream: one Server-Sent Events connection per browser (its leader
 * tab) carrying "collection X changed" hints for every collection of the user, a heartbeat, and
 * `resync` on connect and after any gap. Documents never travel on the stream: the client answers a
 * hint with a checkpoint pull, the single commit-order-safe path, so stream and pull can never
 * disagree and nothing emitted during a push can be lost (rxdb#5571-class bugs).
 *
 * Backpressure: while the socket drains, hints are coalesced per collection (at most one pending
 * hint per collection). A reader whose buffered bytes exceed the bound, or that has not drained for
 * the stall timeout, is cut off; it reconnects and gets `resync`. On shutdown the hub ends every
 * stream (a clean end of the response), so clients reconnect to another instance at once.
 */
import type { ServerResponse } from 'node:http';
import { SERVER_TIME_HEADER, STREAM_EVENTS } from '@itercraft/shared/sync/protocol';
import type { ChangeHub, ChangeNotice } from './change-hub.ts';

export interface StreamOptions {
  heartbeatMs: number;
  maxBufferedBytes: number;
  stallTimeoutMs: number;
}

export interface StreamHooks {
  onOpen(): void;
  onClose(dropped: boolean): void;
  now(): number;
}

const MAX_PENDING_HINTS = 32;

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Serves one stream connection until the client leaves or is cut off. */
export function serveStream(
  res: ServerResponse,
  userId: string,
  hub: ChangeHub,
  opts: StreamOptions,
  hooks: StreamHooks,
): Promise<void> {
  return new Promise((resolve) => {
    const pending = new Set<string>();
    let pendingResync = false;
    let stallTimer: NodeJS.Timeout | null = null;
    let closed = false;

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      [SERVER_TIME_HEADER]: String(hooks.now()),
    });

    const close = (dropped: boolean) => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      if (stallTimer) clearTimeout(stallTimer);
      unsubscribe();
      if (dropped) res.destroy();
      else res.end();
      hooks.onClose(dropped);
      resolve();
    };

    const write = (chunk: string) => {
      if (closed) return;
      res.write(chunk);
      if (res.writableLength > opts.maxBufferedBytes) close(true);
      else if (res.writableNeedDrain && !stallTimer) {
        stallTimer = setTimeout(() => close(true), opts.stallTimeoutMs);
      }
    };

    const flush = () => {
      if (stallTimer) clearTimeout(stallTimer);
      stallTimer = null;
      if (pendingResync) {
        pendingResync = false;
        pending.clear();
        write(frame(STREAM_EVENTS.resync, {}));
      }
      for (const collection of [...pending]) {
        pending.delete(collection);
        write(frame(STREAM_EVENTS.change, { collection }));
      }
    };

    const unsubscribe = hub.subscribe(userId, {
      onChange(notice: ChangeNotice) {
        if (res.writableNeedDrain) {
          // Bounded: past a handful of distinct hints, one resync says the same thing.
          if (pending.size >= MAX_PENDING_HINTS) pendingResync = true;
          else pending.add(notice.collection);
        } else write(frame(STREAM_EVENTS.change, { collection: notice.collection }));
      },
      onResync() {
        if (res.writableNeedDrain) pendingResync = true;
        else write(frame(STREAM_EVENTS.resync, {}));
      },
      // Shutdown: nothing more is sent, the response ends cleanly and the client reconnects.
      onEnd: () => close(false),
    });

    const heartbeat = setInterval(() => {
      if (!res.writableNeedDrain) write(frame(STREAM_EVENTS.heartbeat, { serverTime: hooks.now() }));
    }, opts.heartbeatMs);

    res.on('drain', flush);
    res.on('close', () => close(false));
    res.on('error', () => close(true));
    hooks.onOpen();
    write(`retry: 2000\n\n`);
    write(frame(STREAM_EVENTS.resync, {}));
  });
}
