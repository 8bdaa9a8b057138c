/**
 * Batched writes of raw readings: group commit. A reading waits only for the INSERT in progress
 * (if any), then goes out with everything that arrived meanwhile, up to `maxBatch` rows per
 * multi-row INSERT. Idle, a reading is written alone at once (lowest latency); under load the
 * batches grow by themselves (fewest commits). Each `add` resolves once its row is committed,
 * which is when the relay lets the MQTT PUBACK go.
 *
 * Ids are deterministic (device, measuredAt), so a message the broker delivers twice (after a
 * reconnect) is inserted once: ON CONFLICT DO NOTHING, reported as a duplicate. A database error
 * is retried with backoff for as long as the writer is open; nothing is acknowledged meanwhile.
 */
import { deterministicId } from '@itercraft/shared/ids';
import type { ParsedReading } from '@itercraft/shared/mqtt/payload';
import { sql, type DatabasePool } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';

export interface RawReadingRow {
  id: string;
  ownerId: string;
  deviceId: string;
  measuredAt: number;
  dhtTemperature: number | null;
  dhtHumidity: number | null;
  ntcTemperature: number | null;
  luminosity: number | null;
}

export type WriteResult = 'stored' | 'duplicate';

export interface ReadingWriter {
  add(row: RawReadingRow): Promise<WriteResult>;
  /** Resolves when everything added so far is committed (or abandoned by close). */
  flush(): Promise<void>;
  /** Stops retrying; rows not yet committed are rejected (their messages stay unacknowledged). */
  close(): Promise<void>;
}

export interface WriterOptions {
  db: DatabasePool;
  logger: Logger;
  maxBatch?: number;
  /** Called after each commit with the committed rows (e.g. metrics, last-seen). */
  onCommit?(rows: RawReadingRow[], inserted: Set<string>): void;
  retry?: { minMs: number; maxMs: number };
}

/** The raw reading id: one per device and measurement instant. */
export const rawReadingId = (deviceId: string, measuredAt: number) => deterministicId('sensor-reading', deviceId, String(measuredAt));

export function toRawRow(reading: ParsedReading, device: { id: string; ownerId: string }): RawReadingRow {
  return {
    id: rawReadingId(device.id, reading.measuredAt),
    ownerId: device.ownerId,
    deviceId: device.id,
    measuredAt: reading.measuredAt,
    dhtTemperature: reading.dhtTemperature,
    dhtHumidity: reading.dhtHumidity,
    ntcTemperature: reading.ntcTemperature,
    luminosity: reading.luminosity,
  };
}

/** One multi-row INSERT; returns the ids that were new. */
export async function insertRawReadings(db: DatabasePool, rows: RawReadingRow[]): Promise<Set<string>> {
  const payload = rows.map((r) => ({
    id: r.id,
    owner_id: r.ownerId,
    device_id: r.deviceId,
    measured_at: r.measuredAt,
    dht_temperature: r.dhtTemperature,
    dht_humidity: r.dhtHumidity,
    ntc_temperature: r.ntcTemperature,
    luminosity: r.luminosity,
  }));
  const ids = await db.anyFirst(sql.unsafe`
    INSERT INTO sensor_readings (id, owner_id, device_id, kind, measured_at, dht_temperature, dht_humidity,
      ntc_temperature, luminosity, min, max, count, deleted, write_id)
    SELECT x.id, x.owner_id, x.device_id, 'raw', x.measured_at, x.dht_temperature, x.dht_humidity,
      x.ntc_temperature, x.luminosity, NULL, NULL, 1, false, NULL
    FROM jsonb_to_recordset(${sql.jsonb(payload)}) AS x(id text, owner_id text, device_id text, measured_at bigint,
      dht_temperature float8, dht_humidity float8, ntc_temperature float8, luminosity float8)
    ON CONFLICT (id) DO NOTHING
    RETURNING id`);
  return new Set(ids.map(String));
}

interface Waiting {
  row: RawReadingRow;
  resolve(result: WriteResult): void;
  reject(error: Error): void;
}

export function createReadingWriter(opts: WriterOptions): ReadingWriter {
  const maxBatch = opts.maxBatch ?? 500;
  const retry = opts.retry ?? { minMs: 100, maxMs: 5_000 };
  let queue: Waiting[] = [];
  let running: Promise<void> | null = null;
  let closed = false;
  let wakeRetry: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeRetry = null;
        resolve();
      }
      wakeRetry = done;
    });

  async function writeBatch(batch: Waiting[]): Promise<void> {
    // The same reading twice in one batch (a redelivery racing its original) is one row.
    const rows = [...new Map(batch.map((w) => [w.row.id, w.row])).values()];
    for (let delay = retry.minMs; ; delay = Math.min(retry.maxMs, delay * 2)) {
      try {
        const inserted = await insertRawReadings(opts.db, rows);
        opts.onCommit?.(rows, inserted);
        const firstSeen = new Set<string>();
        for (const w of batch) {
          const isNew = inserted.has(w.row.id) && !firstSeen.has(w.row.id);
          firstSeen.add(w.row.id);
          w.resolve(isNew ? 'stored' : 'duplicate');
        }
        return;
      } catch (err) {
        if (closed) throw err;
        opts.logger.error({ err, rows: rows.length, retryInMs: delay }, 'writing sensor readings failed; retrying');
        await sleep(delay);
        if (closed) throw err;
      }
    }
  }

  async function drain(): Promise<void> {
    // Let the packets already parsed from the socket join the first batch.
    await new Promise((r) => setImmediate(r));
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await writeBatch(batch);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        for (const w of [...batch, ...queue.splice(0)]) w.reject(error);
      }
    }
  }

  const kick = () => {
    if (running) return;
    running = drain().finally(() => {
      running = null;
      if (queue.length > 0 && !closed) kick();
    });
  };

  return {
    add(row) {
      if (closed) return Promise.reject(new Error('reading writer closed'));
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        kick();
      });
    },
    async flush() {
      while (running) await running;
    },
    async close() {
      closed = true;
      wakeRetry?.();
      while (running) await running;
      const left = queue.splice(0);
      for (const w of left) w.reject(new Error('reading writer closed'));
    },
  };
}
