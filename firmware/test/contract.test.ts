/**
 * The firmware ↔ backend contract: a host program built from the firmware's real builders
 * prints topics and payloads; the shared TypeScript contract (shared/src/mqtt) must accept
 * every one of them, with the values the program meant.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { intervalCommandPayload, parseDeviceStatus, parseReading, readingPayloadSchema } from '@itercraft/shared/mqtt/payload';
import { BROADCAST_FILTER, commandFilter, deviceStatusTopic, parseSensorTopic, sensorTopic } from '@itercraft/shared/mqtt/topics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRMWARE_DIR, newBuild, skipNative, type Build } from './gpp.ts';

const USERNAME = 'esp32-salon';
const DEVICE = 'Station "salon" – été';
const NOW = Date.parse('2026-02-01T10:15:30Z');
const COMMANDS = [intervalCommandPayload(60), intervalCommandPayload(86_400), '{"seconds":5}', '{"seconds":30.5}', '60'];

let build: Build;
let lines: string[];

/** The lines `<kind> <name> <rest>` of a given kind, keyed by name (repeated names keep every entry). */
function entries(kind: string): [string, string][] {
  return lines
    .filter((line) => line.startsWith(`${kind} `))
    .map((line) => {
      const [, name, ...rest] = line.split(' ');
      return [name!, rest.join(' ')];
    });
}
const one = (kind: string, name: string): string => {
  const found = entries(kind).filter(([n]) => n === name);
  expect(found, `${kind} ${name}`).toHaveLength(1);
  return found[0]![1];
};

function readingOf(name: string) {
  const json = one('PAYLOAD', name);
  expect(readingPayloadSchema.safeParse(JSON.parse(json)).success).toBe(true);
  const result = parseReading(json, NOW);
  if (!result.ok) throw new Error(`${name} rejected: ${result.reason} ${result.message}`);
  return result.reading;
}

describe.skipIf(skipNative)('firmware ↔ shared MQTT contract', () => {
  beforeAll(async () => {
    build = await newBuild();
    const binary = await build.compile('print-contract', [join(FIRMWARE_DIR, 'test', 'contract', 'print_contract.cpp')]);
    const result = spawnSync(binary, [USERNAME, DEVICE, String(NOW), ...COMMANDS], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    lines = result.stdout.trim().split('\n');
  });
  afterAll(async () => {
    await build?.cleanup();
  });

  it('builds the topics of topics.ts, and the relay finds the owner in the sensor topic', () => {
    const topic = one('TOPIC', 'sensor');
    expect(topic).toBe(sensorTopic(USERNAME));
    expect(parseSensorTopic(topic)).toEqual({ username: USERNAME, subtopic: 'reading' });
    expect(one('TOPIC', 'status')).toBe(deviceStatusTopic(USERNAME));
    expect(one('TOPIC', 'commands')).toBe(commandFilter(USERNAME));
    expect(one('TOPIC', 'broadcast')).toBe(BROADCAST_FILTER);
  });

  it('sends a normal reading the backend stores as measured', () => {
    expect(readingOf('normal')).toEqual({
      measuredAt: NOW,
      device: DEVICE,
      dhtTemperature: 20.7,
      dhtHumidity: 52,
      ntcTemperature: 21.1,
      luminosity: 77,
    });
  });

  it('sends null for failed sensors', () => {
    expect(readingOf('null-sensors')).toMatchObject({ dhtTemperature: null, dhtHumidity: null, ntcTemperature: 21.25, luminosity: null });
  });

  it('sends negative temperatures and zeros as numbers', () => {
    expect(readingOf('negative-temperatures')).toMatchObject({ dhtTemperature: -12.34, dhtHumidity: 85.5, ntcTemperature: 0, luminosity: 0 });
  });

  it('stays inside the backend bounds: edges pass, implausible values become null instead of sinking the reading', () => {
    expect(readingOf('extremes')).toMatchObject({ dhtTemperature: -60, dhtHumidity: 100, ntcTemperature: 100, luminosity: 100 });
    expect(readingOf('implausible')).toMatchObject({ dhtTemperature: null, dhtHumidity: null, ntcTemperature: 21, luminosity: null });
  });

  it('replays buffered readings oldest first with their original times, dating those taken before NTP', () => {
    const replayed = entries('PAYLOAD')
      .filter(([name]) => name === 'replayed')
      .map(([, json]) => parseReading(json, NOW));
    expect(replayed.map((r) => r.ok && r.reading.measuredAt)).toEqual([NOW - 120_000, NOW - 60_000]);
    expect(replayed.map((r) => r.ok && r.reading.dhtTemperature)).toEqual([18.5, 19]);
  });

  it('sends statuses parseDeviceStatus accepts, the last will included', () => {
    expect(parseDeviceStatus(one('STATUS', 'online'))).toEqual({
      ok: true,
      status: { status: 'online', firmware: '1.0.0', uptime_s: 86_400, interval_s: 30, buffered: 12, dropped: 3, rssi: -67 },
    });
    expect(parseDeviceStatus(one('STATUS', 'offline'))).toEqual({ ok: true, status: { status: 'offline' } });
  });

  it('understands the interval command the backend builds, and refuses what the schema refuses', () => {
    expect(entries('COMMAND').map(([index, value]) => [COMMANDS[Number(index)], value])).toEqual([
      [COMMANDS[0], '60'],
      [COMMANDS[1], '86400'],
      ['{"seconds":5}', 'REFUSED'],
      ['{"seconds":30.5}', 'REFUSED'],
      ['60', 'REFUSED'],
    ]);
  });
});
