/**
 * provision-device.sh end to end: the header it writes compiles, carries exactly our CA and a
 * password the real broker accepts; generated secrets stay out of git.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceStatusTopic, sensorTopic } from '@itercraft/shared/mqtt/topics';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOSQUITTO_DIR, runScript, skipMosquitto, startBroker, type TestBroker } from './test-broker.ts';

const REPO = join(MOSQUITTO_DIR, '..');
let broker: TestBroker;
let work: string;

/** A host program that prints every value of the header, NUL-separated, in a fixed order. */
const PRINTER = `#include <cstdio>
#include "credentials.h"
int main() {
  const char* values[] = {ITERCRAFT_WIFI_SSID, ITERCRAFT_WIFI_PASSWORD, ITERCRAFT_MQTT_HOST, ITERCRAFT_MQTT_USERNAME,
                          ITERCRAFT_MQTT_PASSWORD, ITERCRAFT_DEVICE_NAME, ITERCRAFT_MQTT_CA_PEM};
  for (const char* v : values) { std::fputs(v, stdout); std::fputc('\\0', stdout); }
  std::printf("%d", ITERCRAFT_MQTT_PORT);
  std::fputc('\\0', stdout);
  std::printf("%d", ITERCRAFT_INTERVAL_S);
  return 0;
}
`;

function compileAndRunPrinter(headerDir: string): string[] {
  const source = join(work, 'print_credentials.cpp');
  const binary = join(work, 'print_credentials');
  const compiled = spawnSync('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', `-I${headerDir}`, source, '-o', binary], { encoding: 'utf8' });
  if (compiled.status !== 0) throw new Error(compiled.stderr);
  return spawnSync(binary, { encoding: 'utf8' }).stdout.split('\0');
}

async function connectWhenReloaded(username: string, password: string): Promise<MqttClient> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const client = await broker.connect(username, password).catch(() => undefined);
    if (client) return client;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${username} never got in`);
}

describe('generated secrets', () => {
  it('are ignored by git', () => {
    const paths = ['mosquitto/certs/ca.key', 'mosquitto/passwd', 'mosquitto/generated/mosquitto.conf', 'firmware/include/credentials.h'];
    const r = spawnSync('git', ['check-ignore', ...paths], { cwd: REPO, encoding: 'utf8' });
    expect(r.stdout.trim().split('\n')).toEqual(paths);
  });
});

describe.skipIf(skipMosquitto)('provision-device.sh', () => {
  beforeAll(async () => {
    broker = await startBroker({ users: {} });
    work = await mkdtemp(join(tmpdir(), 'itercraft-provision-'));
    await writeFile(join(work, 'print_credentials.cpp'), PRINTER);
  });
  afterAll(async () => {
    await broker?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('writes a header that compiles and lets the device publish its readings over TLS', async () => {
    const header = join(work, 'include', 'credentials.h');
    const env = {
      ...broker.scriptEnv,
      CREDENTIALS_FILE: header,
      WIFI_SSID: 'Maison "2.4 GHz"',
      WIFI_PASSWORD: 'back\\slash-and-"quote"',
      MQTT_HOST: 'localhost',
      MQTT_PORT: String(broker.port),
      INTERVAL_SECONDS: '120',
    };
    const r = runScript('provision-device.sh', ['esp32-salon', 'Station salon'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/ITERCRAFT_MQTT_PASSWORD|password:/i);
    expect((await stat(header)).mode & 0o777).toBe(0o600);

    const [ssid, wifiPassword, host, username, password, deviceName, caPem, port, interval] = compileAndRunPrinter(join(work, 'include'));
    expect({ ssid, wifiPassword, host, username, deviceName, port, interval }).toEqual({
      ssid: 'Maison "2.4 GHz"',
      wifiPassword: 'back\\slash-and-"quote"',
      host: 'localhost',
      username: 'esp32-salon',
      deviceName: 'Station salon',
      port: String(broker.port),
      interval: '120',
    });
    expect(caPem).toBe(broker.ca.toString('utf8'));
    expect(password!.length).toBeGreaterThanOrEqual(40); // 32 random bytes, base64

    const device = await connectWhenReloaded(username!, password!);
    await device.publishAsync(sensorTopic(username!), '{}', { qos: 1 });
    await device.publishAsync(deviceStatusTopic(username!), '{"status":"online"}', { qos: 1, retain: true });
    await expect(device.publishAsync(sensorTopic('esp32-other'), '{}', { qos: 1 })).rejects.toMatchObject({ code: 135 });
  });

  it('uses placeholders when no Wi-Fi is given and refuses service accounts', async () => {
    const header = join(work, 'placeholder', 'credentials.h');
    const ok = runScript('provision-device.sh', ['esp32-cave'], { ...broker.scriptEnv, CREDENTIALS_FILE: header, SKIP_ADD_USER: '1' });
    expect(ok.status, ok.stderr).toBe(0);
    const text = await readFile(header, 'utf8');
    expect(text).toContain('#define ITERCRAFT_WIFI_SSID "CHANGE_ME_WIFI_SSID"');
    expect(text).toContain('#define ITERCRAFT_DEVICE_NAME "esp32-cave"');
    expect(text).toContain('#define ITERCRAFT_INTERVAL_S 30');
    expect(await readFile(broker.scriptEnv.PASSWD_FILE!, 'utf8')).not.toMatch(/^esp32-cave:/m);

    for (const bad of ['9', '86401', '30s', '030', '']) {
      const refused = runScript('provision-device.sh', ['esp32-cave'], { ...broker.scriptEnv, CREDENTIALS_FILE: join(work, 'bad.h'), SKIP_ADD_USER: '1', INTERVAL_SECONDS: bad });
      if (bad === '') expect(refused.status, 'empty means the default').toBe(0);
      else expect({ bad, status: refused.status, stderr: refused.stderr }).toMatchObject({ bad, status: 1, stderr: expect.stringMatching(/INTERVAL_SECONDS/) as string });
    }

    const reserved = runScript('provision-device.sh', ['itercraft-backend'], { ...broker.scriptEnv, CREDENTIALS_FILE: join(work, 'x.h') });
    expect(reserved.status).not.toBe(0);
    expect(reserved.stderr).toMatch(/service account/);
  });

  it('generate-device-cert.sh issues a client certificate our CA signed', () => {
    const r = runScript('generate-device-cert.sh', ['esp32-salon'], broker.scriptEnv);
    expect(r.status, r.stderr).toBe(0);
    const dir = r.stdout.trim();
    const verify = spawnSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', join(dir, 'ca.crt'), join(dir, 'client.crt')], { encoding: 'utf8' });
    expect(verify.stdout).toMatch(/OK/);
    const subject = spawnSync('openssl', ['x509', '-noout', '-subject', '-in', join(dir, 'client.crt')], { encoding: 'utf8' });
    expect(subject.stdout).toMatch(/CN ?= ?esp32-salon/);
  });
});
