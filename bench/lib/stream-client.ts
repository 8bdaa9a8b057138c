/**
 * A protocol-level replication client of one user for benchmarks: it listens to the stream and
 * answers each hint with checkpointed pulls of one collection, recording when each document first
 * arrived. (Full RxDB clients are limited to one per JavaScript realm by the free RxDB edition.)
 */
import type { CollectionName } from '@itercraft/shared/collections/index';
import type { Checkpoint } from '@itercraft/shared/sync/protocol';
import { openStream, pull, type StreamReader } from '../../sync-server/test/sync-client.ts';

export class StreamClient {
  readonly arrivals = new Map<string, number>();
  private checkpoint: Checkpoint | null = null;
  private pulling: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private stream!: StreamReader;

  constructor(
    private readonly base: string,
    private readonly token: string,
    private readonly collection: CollectionName,
    private readonly pageSize = 500,
  ) {}

  async connect(): Promise<void> {
    this.stream = await openStream(this.base, this.token);
    await this.catchUp();
    let seen = 0;
    void (async () => {
      while (!this.closed) {
        await this.stream.next(() => true, 60_000, seen).catch(() => undefined);
        const fresh = this.stream.events.slice(seen);
        seen = this.stream.events.length;
        if (fresh.some((e) => e.event !== 'heartbeat')) void this.catchUp();
      }
    })();
  }

  close(): void {
    this.closed = true;
    this.stream.close();
  }

  /** One pull loop at a time; a hint during a pull triggers one more. */
  catchUp(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      do {
        this.again = false;
        for (;;) {
          const page = await pull(this.base, this.token, this.collection, this.checkpoint, this.pageSize);
          const now = performance.now();
          for (const d of page.documents) if (!this.arrivals.has(d.id)) this.arrivals.set(d.id, now);
          this.checkpoint = page.checkpoint;
          if (page.documents.length < this.pageSize) break;
        }
      } while (this.again);
      this.pulling = null;
    })();
    return this.pulling;
  }
}
