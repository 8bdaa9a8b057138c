/**
 * The listener: TLS 1.3 only, our CA, no anonymous access, the original's limits.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOSQUITTO_DIR, runScript, skipMosquitto, startBroker, type TestBroker } from './test-broker.ts';

const users = { 'esp32-salon': 'salon-password-0123' };
let broker: TestBroker;

/** openssl s_client against the broker with one TLS version forced; returns its combined output. */
function sClient(versionFlag: '-tls1_2' | '-tls1_3'): { status: number | null; output: string } {
  const r = spawnSync(
    'openssl',
    ['s_client', '-connect', `127.0.0.1:${broker.port}`, '-servername', 'localhost', '-CAfile', join(broker.dir, 'certs', 'ca.crt'), versionFlag, '-brief'],
    { input: '', encoding: 'utf8', timeout: 10_000 },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe.skipIf(skipMosquitto)('Mosquitto listener', () => {
  beforeAll(async () => {
    broker = await startBroker({ users });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('negotiates TLS 1.3 with a certificate our CA signed for localhost', async () => {
    const client = await broker.connect('esp32-salon', users['esp32-salon']);
    const socket = client.stream as TLSSocket;
    expect(socket.getProtocol()).toBe('TLSv1.3');
    expect(socket.authorized).toBe(true);
  });

  it('also verifies for 127.0.0.1 (IP SAN), and not for a name outside the SANs', async () => {
    const client = await broker.connect('esp32-salon', users['esp32-salon'], { host: '127.0.0.1' });
    expect((client.stream as TLSSocket).remoteAddress).toBe('127.0.0.1');
    expect((client.stream as TLSSocket).authorized).toBe(true);
    await expect(broker.connect('esp32-salon', users['esp32-salon'], { host: '127.0.0.1', servername: 'evil.example' })).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('refuses a client limited to TLS 1.2 (mqtt.js and openssl)', async () => {
    await expect(broker.connect('esp32-salon', users['esp32-salon'], { maxVersion: 'TLSv1.2' })).rejects.toMatchObject({ code: 'EPROTO' });
    const tls12 = sClient('-tls1_2');
    expect(tls12.status).not.toBe(0);
    expect(tls12.output).toMatch(/alert protocol version/);
    const tls13 = sClient('-tls1_3');
    expect(tls13.output).toMatch(/Protocol version: TLSv1\.3/);
    expect(tls13.output).toMatch(/Verification: OK/);
  });

  it('is not trusted without our CA', async () => {
    await expect(broker.connect('esp32-salon', users['esp32-salon'], { ca: undefined })).rejects.toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });

  it('refuses anonymous clients and wrong passwords, in MQTT 5 and 3.1.1', async () => {
    await expect(broker.connect(undefined, undefined)).rejects.toMatchObject({ code: 135 });
    await expect(broker.connect(undefined, undefined, { protocolVersion: 4 })).rejects.toMatchObject({ code: 5 });
    await expect(broker.connect('esp32-salon', 'wrong-password-0123')).rejects.toMatchObject({ code: 135 });
    await expect(broker.connect('nobody-here', 'whatever-password')).rejects.toMatchObject({ code: 135 });
  });

  it('announces the original limits to MQTT 5 clients (keepalive 120 s, packets of 256 KiB)', async () => {
    const { connack } = await broker.connectWithAck('esp32-salon', users['esp32-salon'], { keepalive: 300 });
    expect(connack.properties).toMatchObject({ serverKeepAlive: 120, maximumPacketSize: 262_144 });
  });
});

describe('mosquitto.conf', () => {
  it('is rendered with only the paths and the port changed', async () => {
    const committed = (await readFile(join(MOSQUITTO_DIR, 'mosquitto.conf'), 'utf8')).split('\n');
    const r = runScript('render-config.sh', [], { MOSQUITTO_CONFIG_DIR: '/srv/mqtt', MQTT_PORT: '18883' });
    expect(r.status).toBe(0);
    const rendered = r.stdout.split('\n');
    expect(rendered).toHaveLength(committed.length);
    const changed = committed.flatMap((line, i) => (line === rendered[i] ? [] : [`${line} => ${rendered[i]}`]));
    expect(changed).toEqual([
      'password_file /mosquitto/config/passwd => password_file /srv/mqtt/passwd',
      'acl_file /mosquitto/config/acl.conf => acl_file /srv/mqtt/acl.conf',
      'persistence_location /mosquitto/data/ => persistence_location /srv/mqtt/data/',
      'listener 8883 => listener 18883',
      'cafile /mosquitto/config/certs/ca.crt => cafile /srv/mqtt/certs/ca.crt',
      'certfile /mosquitto/config/certs/server.crt => certfile /srv/mqtt/certs/server.crt',
      'keyfile /mosquitto/config/certs/server.key => keyfile /srv/mqtt/certs/server.key',
    ]);
  });

  it('keeps the security settings and limits the brief requires', async () => {
    const conf = await readFile(join(MOSQUITTO_DIR, 'mosquitto.conf'), 'utf8');
    const settings = new Map(
      conf
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('#'))
        .map((line) => [line.split(' ')[0]!, line.slice(line.indexOf(' ') + 1)] as const),
    );
    expect(Object.fromEntries(settings)).toMatchObject({
      allow_anonymous: 'false',
      listener: '8883',
      tls_version: 'tlsv1.3',
      require_certificate: 'false',
      max_connections: '100',
      max_qos: '2',
      max_packet_size: '262144',
      message_size_limit: '262144',
      max_keepalive: '120',
      use_username_as_clientid: 'false',
      persistence: 'true',
    });
    expect(conf.match(/^listener /gm)).toHaveLength(1);
  });
});
