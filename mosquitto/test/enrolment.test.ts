/**
 * The account lifecycle with the scripts an operator runs: add-user.sh + reload lets a device
 * in, remove-user.sh (decommission) + reload shuts it out, including its open connection.
 */
import { spawnSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { sensorTopic } from '@itercraft/shared/mqtt/topics';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, skipMosquitto, startBroker, type TestBroker } from './test-broker.ts';

const users = { 'esp32-cave': 'cave-password-0123', 'esp32-garage': 'garage-password-01' };
let broker: TestBroker;

/** Resolves once the client has been closed by the broker. */
const closed = (client: MqttClient): Promise<void> => new Promise((resolve) => client.once('close', () => resolve()));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 20));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(skipMosquitto)('enrolment and decommissioning scripts', () => {
  beforeAll(async () => {
    broker = await startBroker({ users });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('add-user.sh with a reload target lets a new device in without a restart', async () => {
    await expect(broker.connect('esp32-new', 'new-device-password')).rejects.toMatchObject({ code: 135 });
    const added = runScript('add-user.sh', ['esp32-new', 'new-device-password'], broker.scriptEnv);
    expect(added.status).toBe(0);
    expect(added.stderr).toMatch(/reloaded/);
    const passwd = await readFile(broker.scriptEnv.PASSWD_FILE!, 'utf8');
    expect(passwd).toMatch(/^esp32-new:\$7\$/m); // hashed (sha512-pbkdf2), never the clear password
    expect(passwd).not.toContain('new-device-password');
    // the broker re-reads the file on SIGHUP asynchronously: retry the connection briefly
    let client: MqttClient | undefined;
    for (let i = 0; i < 50 && !client; i += 1) {
      client = await broker.connect('esp32-new', 'new-device-password').catch(() => undefined);
      if (!client) await new Promise((r) => setTimeout(r, 20));
    }
    expect(client?.connected).toBe(true);
    await client!.publishAsync(sensorTopic('esp32-new'), '{}', { qos: 1 });
  });

  it('refuses bad input without touching the password file', async () => {
    const before = await readFile(broker.scriptEnv.PASSWD_FILE!, 'utf8');
    expect(runScript('add-user.sh', ['Bad/Name', 'long-enough-password'], broker.scriptEnv).status).not.toBe(0);
    expect(runScript('add-user.sh', ['esp32-short', 'short'], broker.scriptEnv).status).not.toBe(0);
    expect(runScript('remove-user.sh', ['esp32-unknown'], broker.scriptEnv).status).not.toBe(0);
    const { MOSQUITTO_PID: _pid, ...noReloadTarget } = broker.scriptEnv;
    const refused = runScript('remove-user.sh', ['esp32-garage'], noReloadTarget);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/MOSQUITTO_PID/);
    expect(await readFile(broker.scriptEnv.PASSWD_FILE!, 'utf8')).toBe(before);
  });

  it('remove-user.sh decommissions a device: its open connection is cut and it cannot come back', async () => {
    const cave = await broker.connect('esp32-cave', users['esp32-cave']);
    const garage = await broker.connect('esp32-garage', users['esp32-garage']);
    const caveClosed = closed(cave);

    const removed = runScript('remove-user.sh', ['esp32-cave'], broker.scriptEnv);
    expect(removed.status).toBe(0);
    expect(await readFile(broker.scriptEnv.PASSWD_FILE!, 'utf8')).not.toMatch(/^esp32-cave:/m);

    await caveClosed; // Mosquitto re-checks connected clients against the reloaded password file
    await expect(broker.connect('esp32-cave', users['esp32-cave'])).rejects.toMatchObject({ code: 135 });
    await expect(broker.connect('esp32-cave', users['esp32-cave'], { protocolVersion: 4 })).rejects.toMatchObject({ code: 5 });

    // the other devices are untouched
    await until(() => garage.connected, 'garage to stay connected');
    await garage.publishAsync(sensorTopic('esp32-garage'), '{}', { qos: 1 });
    expect(garage.connected).toBe(true);
  });

  it('leaves the password file owned by the broker user and private after the rewrites', async () => {
    const info = await stat(broker.scriptEnv.PASSWD_FILE!);
    expect(info.mode & 0o777).toBe(0o600);
    if (process.getuid?.() === 0) {
      // started as root, Mosquitto reads its files as user `mosquitto`: a root-owned file would lock everyone out at the next reload
      const brokerUid = Number(spawnSync('id', ['-u', 'mosquitto'], { encoding: 'utf8' }).stdout.trim());
      expect(info.uid).toBe(brokerUid);
    }
  });
});
