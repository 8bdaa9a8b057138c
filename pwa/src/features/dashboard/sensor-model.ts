/**
 * Pure rules of the "Données capteurs" section: the date range, which local readings answer it
 * (raw for the last 7 days, hourly rollups before), gaps, downsampling for the chart, the
 * min / max / average table and the axis domains of the original (§7.4).
 */
import type { SensorMetrics } from '@itercraft/shared/collections/sensor-readings.schema';

export type MetricKey = keyof SensorMetrics;

/** The chart's four series: the original's names, colours and axes. */
export const SERIES: readonly { key: MetricKey; name: string; color: string; axis: 'temp' | 'pct'; unit: string }[] = [
  { key: 'dhtTemperature', name: 'Temp. DHT (°C)', color: '#ef4444', axis: 'temp', unit: '°C' },
  { key: 'ntcTemperature', name: 'Temp. NTC (°C)', color: '#f97316', axis: 'temp', unit: '°C' },
  { key: 'dhtHumidity', name: 'Humidité (%)', color: '#3b82f6', axis: 'pct', unit: '%' },
  { key: 'luminosity', name: 'Luminosité (%)', color: '#eab308', axis: 'pct', unit: '%' },
];

const METRIC_KEYS: MetricKey[] = ['dhtTemperature', 'dhtHumidity', 'ntcTemperature', 'luminosity'];
const DAY_MS = 24 * 3_600_000;
export const HOUR_MS = 3_600_000;
/** How far back the device holds raw readings (the server's pull window). */
export const RAW_WINDOW_MS = 7 * DAY_MS;
/** Hourly rollups are kept this long (the server's retention). */
export const ROLLUP_WINDOW_MS = 400 * DAY_MS;
/** More points than this are averaged into time buckets before drawing (SVG stays fluid). */
export const MAX_CHART_POINTS = 1200;

/** A reading as the dashboard uses it (a raw reading, or an hourly rollup: averages + extremes). */
export interface SensorPoint extends SensorMetrics {
  deviceId: string;
  kind: 'raw' | '1h';
  measuredAt: number;
  count: number;
  min: SensorMetrics | null;
  max: SensorMetrics | null;
}

/** A chart row: a time and the four values; all null at a gap, so the lines break there. */
export interface ChartRow extends Record<MetricKey, number | null> {
  measuredAt: number;
}

// ---------------------------------------------------------------- dates

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a time in the browser's time zone (the original used UTC dates: not copied). */
export function toDateInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The default range: the last 7 days, today included. */
export function defaultRange(now: number): { from: string; to: string } {
  const today = new Date(now);
  const weekAgo = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 7);
  return { from: toDateInput(weekAgo.getTime()), to: toDateInput(now) };
}

function parseDateInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getDate() === Number(m[3]) ? d : null;
}

export type RangeResult = { ok: true; from: number; to: number } | { ok: false; message: string };

/** "Du" at 00:00:00.000 and "Au" at 23:59:59.999, local time, as the original's fetch window. */
export function rangeBounds(from: string, to: string): RangeResult {
  const start = parseDateInput(from);
  const end = parseDateInput(to);
  if (!start || !end) return { ok: false, message: 'Choisissez deux dates valides.' };
  const endOfDay = new Date(end.getFullYear(), end.getMonth(), end.getDate() + 1).getTime() - 1;
  if (start.getTime() > endOfDay) return { ok: false, message: 'La date « Du » doit précéder la date « Au ».' };
  return { ok: true, from: start.getTime(), to: endOfDay };
}

// ---------------------------------------------------------------- which readings

/**
 * Where raw readings take over from hourly rollups: the start of the hour that contains
 * `now − 7 days`. Before it, hourly rollups; from it on, raw readings (no hour counted twice).
 */
export function rawHorizon(now: number): number {
  const t = now - RAW_WINDOW_MS;
  return t - (t % HOUR_MS);
}

/** The points that answer a range: hourly rollups before the raw horizon, raw readings after. */
export function selectPoints(points: readonly SensorPoint[], now: number): SensorPoint[] {
  const horizon = rawHorizon(now);
  return points
    .filter((p) => (p.kind === '1h' ? p.measuredAt < horizon : p.measuredAt >= horizon))
    .sort((a, b) => a.measuredAt - b.measuredAt);
}

/**
 * The points per device, in time order within each device, devices in the order of `order` (ids
 * not in it, e.g. a device document not replicated yet, come last). A chart of several devices on
 * one timeline would hide one device's gap behind another's readings and zig-zag between them.
 */
export function pointsByDevice(points: readonly SensorPoint[], order: readonly string[]): { deviceId: string; points: SensorPoint[] }[] {
  const groups = new Map<string, SensorPoint[]>();
  for (const p of points) {
    const list = groups.get(p.deviceId) ?? [];
    list.push(p);
    groups.set(p.deviceId, list);
  }
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([deviceId, list]) => ({ deviceId, points: list.sort((x, y) => x.measuredAt - y.measuredAt) }));
}

// ---------------------------------------------------------------- gaps and chart rows

/**
 * Whether two consecutive points are separated by a gap: longer than twice the device's interval
 * (for hourly rollups, also longer than the hour a bucket spans).
 */
export function isGap(a: SensorPoint, b: SensorPoint, intervalMs: number): boolean {
  const span = a.kind === '1h' ? Math.max(2 * intervalMs, HOUR_MS) : 2 * intervalMs;
  return b.measuredAt - a.measuredAt > span;
}

/** Splits a time-ordered sequence where there are gaps. */
export function segments(points: readonly SensorPoint[], intervalMs: number): SensorPoint[][] {
  const out: SensorPoint[][] = [];
  let current: SensorPoint[] = [];
  for (const p of points) {
    const last = current.at(-1);
    if (last && isGap(last, p, intervalMs)) {
      out.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length > 0) out.push(current);
  return out;
}

const row = (measuredAt: number, values: Partial<Record<MetricKey, number | null>>): ChartRow => ({
  measuredAt,
  dhtTemperature: values.dhtTemperature ?? null,
  dhtHumidity: values.dhtHumidity ?? null,
  ntcTemperature: values.ntcTemperature ?? null,
  luminosity: values.luminosity ?? null,
});

/** Averages a segment into buckets of `bucketMs` (each value over its non-null readings). */
function downsample(segment: readonly SensorPoint[], bucketMs: number): ChartRow[] {
  if (bucketMs <= 0) return segment.map((p) => row(p.measuredAt, p));
  const buckets = new Map<number, SensorPoint[]>();
  for (const p of segment) {
    const key = p.measuredAt - (p.measuredAt % bucketMs);
    const list = buckets.get(key) ?? [];
    list.push(p);
    buckets.set(key, list);
  }
  return [...buckets.values()].map((list) => {
    const t = Math.round(list.reduce((s, p) => s + p.measuredAt, 0) / list.length);
    const values: Partial<Record<MetricKey, number | null>> = {};
    for (const key of METRIC_KEYS) {
      const xs = list.map((p) => p[key]).filter((x): x is number => x !== null);
      values[key] = xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
    }
    return row(t, values);
  });
}

/**
 * Chart rows: gaps become a row of nulls between segments (Recharts breaks a line at a null
 * unless `connectNulls`, which is never set: a gap must look like a gap, not an interpolation);
 * long series are averaged into buckets so at most about `maxPoints` rows are drawn.
 */
export function chartRows(points: readonly SensorPoint[], intervalMs: number, maxPoints = MAX_CHART_POINTS): ChartRow[] {
  if (points.length === 0) return [];
  const span = points.at(-1)!.measuredAt - points[0]!.measuredAt;
  const bucketMs = points.length > maxPoints ? Math.ceil(span / maxPoints) : 0;
  const rows: ChartRow[] = [];
  for (const segment of segments(points, intervalMs)) {
    const last = rows.at(-1);
    if (last) rows.push(row(Math.round((last.measuredAt + segment[0]!.measuredAt) / 2), {}));
    rows.push(...downsample(segment, bucketMs));
  }
  return rows;
}

// ---------------------------------------------------------------- table and axes

export interface MetricStats {
  min: number | null;
  max: number | null;
  avg: number | null;
}

/**
 * Min / max / average of each metric over the points. A rollup contributes its own extremes and
 * its average weighted by its reading count.
 */
export function rangeStats(points: readonly SensorPoint[]): Record<MetricKey, MetricStats> {
  const stats = {} as Record<MetricKey, MetricStats>;
  for (const key of METRIC_KEYS) {
    let min: number | null = null;
    let max: number | null = null;
    let sum = 0;
    let weight = 0;
    for (const p of points) {
      const value = p[key];
      if (value === null) continue;
      const lo = p.kind === '1h' ? (p.min?.[key] ?? value) : value;
      const hi = p.kind === '1h' ? (p.max?.[key] ?? value) : value;
      min = min === null ? lo : Math.min(min, lo);
      max = max === null ? hi : Math.max(max, hi);
      const w = p.kind === '1h' ? p.count : 1;
      sum += value * w;
      weight += w;
    }
    stats[key] = { min, max, avg: weight > 0 ? sum / weight : null };
  }
  return stats;
}

/**
 * The original's axis domain: [floor(min − m), ceil(max + m)] with m = max(1, 10 % of the range);
 * `fallback` without data; `clamp` bounds it (0–100 for percentages).
 */
export function axisDomain(values: readonly (number | null)[], fallback: [number, number], clamp?: [number, number]): [number, number] {
  const xs = values.filter((x): x is number => x !== null);
  if (xs.length === 0) return fallback;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const margin = Math.max(1, (hi - lo) * 0.1);
  let domain: [number, number] = [Math.floor(lo - margin), Math.ceil(hi + margin)];
  if (clamp) domain = [Math.max(clamp[0], domain[0]), Math.min(clamp[1], domain[1])];
  return domain;
}

const tickFormat = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });

/** X axis and tooltip label: `dd/MM HH:mm`, fr-FR. */
export function formatTick(ms: number): string {
  return tickFormat.format(ms).replace(',', '');
}

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** A value for the table, or an em dash when there is none. */
export function formatValue(value: number | null, unit: string): string {
  return value === null ? '—' : `${numberFormat.format(value)} ${unit}`;
}
