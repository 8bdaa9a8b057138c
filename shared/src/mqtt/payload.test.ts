import { describe, expect, it } from 'vitest';
import { intervalCommandPayload, intervalCommandSchema, parseDeviceStatus, parseReading } from './payload.ts';

const now = Date.parse('2026-02-01T12:00:00Z');
const base = {
  timestamp: '2026-02-01T11:59:30Z',
  device: 'meteoStation_1',
  dht_temperature: 20.7,
  dht_humidity: 52.0,
  ntc_temperature: 21.1,
  luminosity: 77.0,
};
const payload = (overrides: Record<string, unknown> = {}) => JSON.stringify({ ...base, ...overrides });

describe('parseReading', () => {
  it('accepts the original example and converts it for storage', () => {
    expect(parseReading(payload(), now)).toEqual({
      ok: true,
      reading: {
        measuredAt: Date.parse('2026-02-01T11:59:30Z'),
        device: 'meteoStation_1',
        dhtTemperature: 20.7,
        dhtHumidity: 52,
        ntcTemperature: 21.1,
        luminosity: 77,
      },
    });
  });

  it('honours the offset of the timestamp', () => {
    const result = parseReading(payload({ timestamp: '2026-02-01T12:59:30+01:00' }), now);
    expect(result.ok && result.reading.measuredAt).toBe(Date.parse('2026-02-01T11:59:30Z'));
  });

  it('ignores the original `user` field: ownership comes from the topic', () => {
    const result = parseReading(payload({ user: 'someone-else@itercraft.com' }), now);
    expect(result.ok).toBe(true);
    expect(result.ok && 'user' in result.reading).toBe(false);
  });

  it('keeps null sensors as null and accepts negative temperatures', () => {
    const result = parseReading(payload({ dht_temperature: null, dht_humidity: null, ntc_temperature: -12.5 }), now);
    expect(result).toMatchObject({ ok: true, reading: { dhtTemperature: null, dhtHumidity: null, ntcTemperature: -12.5 } });
  });

  it.each([
    [{ dht_temperature: 150 }, 'out_of_range'],
    [{ ntc_temperature: -60.1 }, 'out_of_range'],
    [{ dht_humidity: 100.5 }, 'out_of_range'],
    [{ luminosity: -1 }, 'out_of_range'],
    [{ dht_temperature: '20.7' }, 'invalid_payload'],
    [{ device: '' }, 'invalid_payload'],
    [{ device: undefined }, 'invalid_payload'],
    [{ dht_humidity: undefined }, 'invalid_payload'],
    [{ timestamp: '2026-02-01T11:59:30' }, 'invalid_payload'],
    [{ timestamp: 'yesterday' }, 'invalid_payload'],
    [{ timestamp: 1769947170000 }, 'invalid_payload'],
    [{ timestamp: '2026-02-02T12:00:01Z' }, 'timestamp_in_future'],
    [{ timestamp: '2026-01-22T11:59:59Z' }, 'timestamp_too_old'],
    [{ dht_temperature: null, dht_humidity: null, ntc_temperature: null, luminosity: null }, 'no_measurement'],
  ])('rejects %j with %s', (overrides, reason) => {
    const result = parseReading(payload(overrides), now);
    expect(result).toMatchObject({ ok: false, reason });
    expect(!result.ok && result.message.length).toBeGreaterThan(0);
  });

  it('accepts the edges of the window and of the bounds', () => {
    expect(parseReading(payload({ timestamp: '2026-02-02T12:00:00Z' }), now).ok).toBe(true);
    expect(parseReading(payload({ timestamp: '2026-01-22T12:00:00Z' }), now).ok).toBe(true);
    expect(parseReading(payload({ dht_temperature: -60, ntc_temperature: 100, dht_humidity: 0, luminosity: 100 }), now).ok).toBe(true);
  });

  it.each([['not json'], ['[]'], ['null'], ['42'], ['"text"'], [''], ['{"timestamp":']])('never throws on %j', (text) => {
    const result = parseReading(text, now);
    expect(result.ok).toBe(false);
  });

  it('refuses oversized payloads before parsing them', () => {
    expect(parseReading(payload({ device: 'x'.repeat(5000) }), now)).toMatchObject({ ok: false, reason: 'too_large' });
  });
});

describe('parseDeviceStatus', () => {
  it('accepts the firmware status, the original sketch status and the bare last-will word', () => {
    expect(parseDeviceStatus('{"status":"online","firmware":"1.0.0","uptime_s":12,"interval_s":30,"buffered":0,"dropped":3,"rssi":-61}')).toEqual({
      ok: true,
      status: { status: 'online', firmware: '1.0.0', uptime_s: 12, interval_s: 30, buffered: 0, dropped: 3, rssi: -61 },
    });
    expect(parseDeviceStatus('{"status":"online"}')).toEqual({ ok: true, status: { status: 'online' } });
    expect(parseDeviceStatus('offline')).toEqual({ ok: true, status: { status: 'offline' } });
  });

  it('reports an empty (cleared) status, bad JSON and unknown states', () => {
    expect(parseDeviceStatus('')).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseDeviceStatus('{')).toMatchObject({ ok: false, reason: 'invalid_json' });
    expect(parseDeviceStatus('{"status":"sleeping"}')).toMatchObject({ ok: false, reason: 'invalid_payload' });
    expect(parseDeviceStatus('{"status":"online","dropped":-1}')).toMatchObject({ ok: false, reason: 'invalid_payload' });
  });
});

describe('interval command', () => {
  it('builds and validates the payload', () => {
    expect(intervalCommandPayload(60)).toBe('{"seconds":60}');
    expect(() => intervalCommandPayload(5)).toThrow();
    expect(() => intervalCommandPayload(30.5)).toThrow();
    expect(intervalCommandSchema.safeParse({ seconds: 86_400 }).success).toBe(true);
    expect(intervalCommandSchema.safeParse({ seconds: 86_401 }).success).toBe(false);
  });
});
