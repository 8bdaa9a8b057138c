import { describe, expect, it } from 'vitest';
import {
  HOUR_MS,
  RAW_WINDOW_MS,
  axisDomain,
  chartRows,
  defaultRange,
  formatTick,
  formatValue,
  pointsByDevice,
  rangeBounds,
  rangeStats,
  rawHorizon,
  segments,
  selectPoints,
  type SensorPoint,
} from './sensor-model.ts';

const raw = (measuredAt: number, t: number | null = 20, extra: Partial<SensorPoint> = {}): SensorPoint => ({
  deviceId: 'd1',
  kind: 'raw',
  measuredAt,
  count: 1,
  dhtTemperature: t,
  dhtHumidity: 50,
  ntcTemperature: null,
  luminosity: 10,
  min: null,
  max: null,
  ...extra,
});

const hourly = (measuredAt: number, avg: number, lo: number, hi: number, count: number): SensorPoint => ({
  ...raw(measuredAt, avg),
  kind: '1h',
  count,
  min: { dhtTemperature: lo, dhtHumidity: 50, ntcTemperature: null, luminosity: 10 },
  max: { dhtTemperature: hi, dhtHumidity: 50, ntcTemperature: null, luminosity: 10 },
});

describe('date range', () => {
  it('defaults to the last 7 days, today included, in local dates', () => {
    const now = new Date(2026, 2, 15, 9, 30).getTime();
    expect(defaultRange(now)).toEqual({ from: '2026-03-08', to: '2026-03-15' });
  });

  it('runs from 00:00 on "Du" to 23:59:59.999 on "Au", local time', () => {
    expect(rangeBounds('2026-03-08', '2026-03-15')).toEqual({
      ok: true,
      from: new Date(2026, 2, 8).getTime(),
      to: new Date(2026, 2, 16).getTime() - 1,
    });
    expect(rangeBounds('2026-03-15', '2026-03-15').ok).toBe(true);
  });

  it('refuses an inverted or invalid range with a French message', () => {
    expect(rangeBounds('2026-03-16', '2026-03-15')).toEqual({ ok: false, message: 'La date « Du » doit précéder la date « Au ».' });
    expect(rangeBounds('', '2026-03-15').ok).toBe(false);
    expect(rangeBounds('2026-02-30', '2026-03-15').ok).toBe(false);
  });
});

describe('selectPoints', () => {
  it('uses hourly rollups before the raw horizon and raw readings after it, never both for an hour', () => {
    const now = Date.UTC(2026, 2, 15, 12, 30);
    const horizon = rawHorizon(now);
    expect(horizon % HOUR_MS).toBe(0);
    expect(now - horizon).toBeGreaterThanOrEqual(RAW_WINDOW_MS);
    const points = [raw(horizon + 60_000), hourly(horizon, 1, 1, 1, 1), hourly(horizon - HOUR_MS, 2, 2, 2, 10), raw(horizon - 60_000)];
    expect(selectPoints(points, now).map((p) => [p.kind, p.measuredAt])).toEqual([
      ['1h', horizon - HOUR_MS],
      ['raw', horizon + 60_000],
    ]);
  });
});

describe('gaps', () => {
  const interval = 30_000;

  it('splits where two readings are more than twice the interval apart', () => {
    const pts = [raw(0), raw(30_000), raw(60_000), raw(60_000 + 61_000), raw(60_000 + 91_000)];
    expect(segments(pts, interval).map((s) => s.length)).toEqual([3, 2]);
    // exactly twice the interval is not a gap
    expect(segments([raw(0), raw(60_000)], interval)).toHaveLength(1);
  });

  it('does not treat consecutive hourly rollups as gaps, but a missing hour is one', () => {
    expect(segments([hourly(0, 1, 1, 1, 1), hourly(HOUR_MS, 1, 1, 1, 1)], interval)).toHaveLength(1);
    expect(segments([hourly(0, 1, 1, 1, 1), hourly(2 * HOUR_MS, 1, 1, 1, 1)], interval)).toHaveLength(2);
  });

  it('puts a row of nulls in each gap, so the chart breaks the lines there', () => {
    const rows = chartRows([raw(0, 10), raw(30_000, 11), raw(200_000, 12)], interval);
    expect(rows.map((r) => r.dhtTemperature)).toEqual([10, 11, null, 12]);
    expect(rows[2]).toEqual({ measuredAt: 115_000, dhtTemperature: null, dhtHumidity: null, ntcTemperature: null, luminosity: null });
  });

  it('averages long series into at most about maxPoints rows, keeping gaps and nulls', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => raw(i * 30_000, i % 2 === 0 ? 10 : 20));
    const late = Array.from({ length: 1000 }, (_, i) => raw(1_000_000_000 + i * 30_000, null));
    const rows = chartRows([...pts, ...late], interval, 100);
    expect(rows.length).toBeLessThanOrEqual(104);
    const gapIndex = rows.findIndex((r) => r.dhtHumidity === null);
    expect(gapIndex).toBeGreaterThan(0);
    expect(rows.slice(0, gapIndex).every((r) => r.dhtTemperature !== null && Math.abs(r.dhtTemperature - 15) <= 5)).toBe(true);
    expect(rows.slice(gapIndex + 1).every((r) => r.dhtTemperature === null && r.dhtHumidity === 50)).toBe(true);
  });
});

describe('rangeStats', () => {
  it('gives min, max and average, weighting rollups by their reading count and using their extremes', () => {
    const stats = rangeStats([hourly(0, 10, 5, 15, 30), raw(HOUR_MS, 20), raw(HOUR_MS + 30_000, null)]);
    expect(stats.dhtTemperature.min).toBe(5);
    expect(stats.dhtTemperature.max).toBe(20);
    expect(stats.dhtTemperature.avg).toBeCloseTo((10 * 30 + 20) / 31, 10);
    expect(stats.ntcTemperature).toEqual({ min: null, max: null, avg: null });
  });
});

describe('axes and formats', () => {
  it('applies the original margin rule, with defaults and the 0–100 clamp', () => {
    expect(axisDomain([18.2, 24.9], [0, 40])).toEqual([17, 26]);
    expect(axisDomain([0, 50], [0, 40])).toEqual([-5, 55]);
    expect(axisDomain([null], [0, 40])).toEqual([0, 40]);
    expect(axisDomain([2, 99.5], [0, 100], [0, 100])).toEqual([0, 100]);
  });

  it('formats ticks as dd/MM HH:mm and values in French', () => {
    expect(formatTick(new Date(2026, 2, 12, 14, 5).getTime())).toBe('12/03 14:05');
    expect(formatValue(21.25, '°C')).toBe('21,3 °C');
    expect(formatValue(null, '%')).toBe('—');
  });
});

describe('pointsByDevice', () => {
  it('splits interleaved readings per device, in the given device order, unknown devices last', () => {
    const points = [raw(1, 10, { deviceId: 'b' }), raw(2, 30, { deviceId: 'a' }), raw(3, 11, { deviceId: 'b' }), raw(4, 5, { deviceId: 'x' }), raw(5, 31, { deviceId: 'a' })];
    const groups = pointsByDevice(points, ['a', 'b']);
    expect(groups.map((g) => [g.deviceId, g.points.map((p) => p.measuredAt)])).toEqual([
      ['a', [2, 5]],
      ['b', [1, 3]],
      ['x', [4]],
    ]);
    expect(pointsByDevice([], ['a'])).toEqual([]);
  });
});
