/**
 * devsecops/docker/mosquitto-init.sh, the one-shot step that prepares the broker's volumes in
 * docker-compose.yml, run outside a container on temp dirs; then a real Mosquitto started from
 * the result (mosquitto/scripts/render-config.sh changes only paths and port) must accept the
 * sync server's TLS 1.3 connection, verified against the published CA under the name the
 * server dials (`mosquitto`), and refuse a wrong password. A second run keeps the CA and
 * enrolled devices.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, isCI, repoPath, requireTools, run, runOk, skipWithout, stopChild, waitForPort } from './helpers.ts';

const INIT = repoPath('devsecops/docker/mosquitto-init.sh');
const BACKEND = 'itercraft-backend';
// The script chowns files to the broker's user, as it does as root inside the container.
const notRoot = userInfo().uid !== 0;

describe.skipIf(skipWithout('mosquitto', 'mosquitto_passwd', 'openssl') || (notRoot && !isCI))('mosquitto-init.sh', () => {
  let dir: string;
  let port: number;
  let broker: ChildProcess | undefined;
  const paths = () => ({
    ITERCRAFT_MOSQUITTO_SRC: repoPath('mosquitto'),
    ITERCRAFT_MOSQUITTO_CONFIG: join(dir, 'config'),
    ITERCRAFT_MOSQUITTO_PKI: join(dir, 'pki'),
    ITERCRAFT_MOSQUITTO_PUBLIC: join(dir, 'public'),
  });
  const init = (password: string) =>
    run('bash', [INIT], { env: { ...paths(), MQTT_PUBLIC_HOST: 'mqtt.test.example', MQTT_BACKEND_USERNAME: BACKEND, MQTT_BACKEND_PASSWORD: password } });
  const fingerprint = (file: string) => runOk('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', file]).trim();

  async function startBroker(): Promise<void> {
    const conf = runOk('bash', [repoPath('mosquitto/scripts/render-config.sh')], {
      env: { MOSQUITTO_CONFIG_DIR: join(dir, 'config'), MOSQUITTO_DATA_DIR: join(dir, 'data'), MQTT_PORT: String(port), MQTT_BIND: '127.0.0.1' },
    });
    writeFileSync(join(dir, 'mosquitto.conf'), conf);
    const child = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    broker = child;
    let log = '';
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await waitForPort(port, child, () => `mosquitto exited: ${log}`);
  }

  /** Connects like the sync server: mqtts, CA from the published volume, hostname `mosquitto`. */
  function connect(password: string): Promise<MqttClient> {
    return new Promise((resolve, reject) => {
      const client = mqtt.connect(`mqtts://127.0.0.1:${port}`, {
        username: BACKEND,
        password,
        ca: readFileSync(join(dir, 'public/ca.crt')),
        servername: 'mosquitto',
        rejectUnauthorized: true,
        reconnectPeriod: 0,
        connectTimeout: 5000,
        protocolVersion: 5,
      });
      client.once('connect', () => resolve(client));
      client.once('error', (error) => {
        client.end(true);
        reject(error);
      });
    });
  }

  beforeAll(async () => {
    requireTools('mosquitto', 'mosquitto_passwd', 'openssl');
    dir = mkdtempSync(join(tmpdir(), 'itercraft-mqinit-'));
    chmodSync(dir, 0o755); // the broker drops to the `mosquitto` user
    for (const sub of ['config', 'pki', 'public', 'data']) mkdirSync(join(dir, sub));
    runOk('chown', ['mosquitto:mosquitto', join(dir, 'data')]);
    port = await freePort();
  });

  afterAll(async () => {
    await stopChild(broker);
  });

  it('prepares config, TLS chain and password file; the CA key stays out of the broker volume', () => {
    const r = init('first-backend-password-0123');
    expect(r.stderr + r.stdout).toMatch(/mosquitto config ready: .*CN ?= ?mqtt\.test\.example/s);
    expect(r.status).toBe(0);
    const config = join(dir, 'config');
    expect(readFileSync(join(config, 'mosquitto.conf'), 'utf8')).toBe(readFileSync(repoPath('mosquitto/mosquitto.conf'), 'utf8'));
    expect(readFileSync(join(config, 'acl.conf'), 'utf8')).toBe(readFileSync(repoPath('mosquitto/acl.conf'), 'utf8'));
    for (const file of ['certs/ca.crt', 'certs/server.crt', 'certs/server.key', 'passwd']) expect(existsSync(join(config, file)), file).toBe(true);
    expect(existsSync(join(config, 'certs/ca.key'))).toBe(false);
    expect(existsSync(join(dir, 'pki/ca.key'))).toBe(true);
    expect(readFileSync(join(dir, 'public/ca.crt'), 'utf8')).toBe(readFileSync(join(config, 'certs/ca.crt'), 'utf8'));
    expect(statSync(join(config, 'certs/server.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(config, 'passwd')).mode & 0o777).toBe(0o600);
    const passwd = readFileSync(join(config, 'passwd'), 'utf8');
    expect(passwd).toMatch(new RegExp(`^${BACKEND}:\\$7\\$`, 'm'));
    expect(passwd).not.toContain('first-backend-password-0123');
    const sans = runOk('openssl', ['x509', '-noout', '-ext', 'subjectAltName', '-in', join(config, 'certs/server.crt')]);
    expect(sans).toContain('DNS:mosquitto');
    expect(sans).toContain('DNS:mqtt.test.example');
  });

  it('gives a broker that accepts the sync server over TLS 1.3 and refuses a wrong password', async () => {
    await startBroker();
    const client = await connect('first-backend-password-0123');
    expect(client.connected).toBe(true);
    await client.publishAsync('commands/esp32-test/interval', '60', { qos: 1 });
    await client.endAsync();
    await expect(connect('not-the-password-0000')).rejects.toMatchObject({ code: 135 });
  });

  it('runs again without replacing the CA or dropping enrolled devices, and updates the backend password', () => {
    const caBefore = fingerprint(join(dir, 'public/ca.crt'));
    const device = 'esp32-salon:$7$101$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo';
    appendFileSync(join(dir, 'config/passwd'), `${device}\n`);
    const r = init('second-backend-password-0123');
    expect(r.status).toBe(0);
    expect(fingerprint(join(dir, 'public/ca.crt'))).toBe(caBefore);
    const passwd = readFileSync(join(dir, 'config/passwd'), 'utf8');
    expect(passwd).toContain(device);
    expect(passwd.match(new RegExp(`^${BACKEND}:`, 'gm'))).toHaveLength(1);
  });

  it('refuses to run without the backend password', () => {
    const r = run('bash', [INIT], { env: { ...paths(), MQTT_PUBLIC_HOST: 'mqtt.test.example', MQTT_BACKEND_USERNAME: BACKEND, MQTT_BACKEND_PASSWORD: '' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('MQTT_BACKEND_PASSWORD is required');
  });
});
