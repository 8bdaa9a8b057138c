/**
 * Starts a real Mosquitto with this folder's configuration in a temp dir: certificates from
 * generate-certs.sh, accounts from add-user.sh, the committed acl.conf, and mosquitto.conf
 * rendered by render-config.sh (only paths and port differ). Used by every mosquitto/test file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { fileURLToPath } from 'node:url';
import mqtt, { type IClientOptions, type IConnackPacket, type MqttClient } from 'mqtt';

export const MOSQUITTO_DIR = fileURLToPath(new URL('..', import.meta.url));
export const SCRIPTS_DIR = join(MOSQUITTO_DIR, 'scripts');
const REQUIRED_TOOLS = ['mosquitto', 'mosquitto_passwd', 'openssl'];
const SEARCH_PATH = `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin:/sbin`;

function which(tool: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { env: { ...process.env, PATH: SEARCH_PATH }, encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/**
 * Whether the Mosquitto suites can run. Missing tools skip them locally, but under CI=true the
 * suite must fail, not skip: `requireMosquitto()` in beforeAll throws then.
 */
export const missingTools = REQUIRED_TOOLS.filter((tool) => which(tool) === null);
export const skipMosquitto = missingTools.length > 0 && process.env.CI !== 'true';

export function requireMosquitto(): void {
  if (missingTools.length > 0) {
    throw new Error(`missing ${missingTools.join(', ')}: apt-get install mosquitto mosquitto-clients openssl`);
  }
}

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of mosquitto/scripts with extra environment. */
export function runScript(script: string, args: string[], env: Record<string, string>): ScriptResult {
  const r = spawnSync(join(SCRIPTS_DIR, script), args, { env: { ...process.env, PATH: SEARCH_PATH, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runScriptOrThrow(script: string, args: string[], env: Record<string, string>): string {
  const r = runScript(script, args, env);
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}:\n${log()}`);
}

/** Started as root, Mosquitto drops to user `mosquitto`: give it its files (stack.md, Probe C). */
function handOverToBrokerUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const r = spawnSync('chown', ['-R', 'mosquitto:mosquitto', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chown failed: ${r.stderr}`);
}

/** mqtt.js hands TLS options to tls.connect but does not declare all of them. */
export type TestClientOptions = IClientOptions & Pick<ConnectionOptions, 'maxVersion' | 'minVersion' | 'servername'>;

export interface TestBroker {
  readonly dir: string;
  readonly port: number;
  readonly ca: Buffer;
  /** The CA certificate's path (what MQTT_CA_FILE would point at). */
  readonly caFile: string;
  /** The running Mosquitto's process id (changes with restart()). */
  readonly pid: number;
  /** Environment that points the scripts at this broker's files and process. */
  readonly scriptEnv: Record<string, string>;
  connect(username: string | undefined, password: string | undefined, options?: TestClientOptions): Promise<MqttClient>;
  /** Same, also returning the CONNACK (MQTT 5 properties carry the broker's limits). */
  connectWithAck(username: string | undefined, password: string | undefined, options?: TestClientOptions): Promise<{ client: MqttClient; connack: IConnackPacket }>;
  log(): string;
  /** Stops Mosquitto cleanly (it saves its persistence) and starts it again on the same files and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface BrokerOptions {
  /** username → password, created with add-user.sh */
  users: Record<string, string>;
  /** Appended to the copied acl.conf (test-only accounts). */
  extraAcl?: string;
}

/** Configuration written (certificates, accounts, port chosen) but no broker running yet. */
export interface PreparedBroker {
  readonly dir: string;
  readonly port: number;
  readonly caFile: string;
  start(): Promise<TestBroker>;
  /** Removes the files when start() was never called (stop() does it otherwise). */
  discard(): Promise<void>;
}

/** A temp dir laid out like the container's /mosquitto/config, built with the real scripts. */
async function prepareConfigDir(options: BrokerOptions): Promise<{ dir: string; port: number; scriptEnv: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'itercraft-mosquitto-'));
  const scriptEnv = { CERTS_DIR: join(dir, 'certs'), PASSWD_FILE: join(dir, 'passwd'), DOMAIN: 'localhost' };
  runScriptOrThrow('generate-certs.sh', [], scriptEnv);
  for (const [username, password] of Object.entries(options.users)) runScriptOrThrow('add-user.sh', [username, password], scriptEnv);
  await writeFile(scriptEnv.PASSWD_FILE, '', { flag: 'a', mode: 0o600 }); // Mosquitto refuses to start without the file
  await copyFile(join(MOSQUITTO_DIR, 'acl.conf'), join(dir, 'acl.conf'));
  if (options.extraAcl) await appendFile(join(dir, 'acl.conf'), `\n${options.extraAcl}\n`);
  await mkdir(join(dir, 'data'));
  const port = await freePort();
  const conf = runScriptOrThrow('render-config.sh', [], { MOSQUITTO_CONFIG_DIR: dir, MQTT_PORT: String(port), MQTT_BIND: '127.0.0.1' });
  await writeFile(join(dir, 'mosquitto.conf'), conf);
  handOverToBrokerUser(dir);
  return { dir, port, scriptEnv };
}

function clientFactory(port: number, ca: Buffer, clients: MqttClient[]): TestBroker['connectWithAck'] {
  return (username, password, extra = {}) => {
    const client = mqtt.connect({
      protocol: 'mqtts',
      host: 'localhost',
      port,
      ca,
      username,
      password,
      protocolVersion: 5,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...extra,
    });
    clients.push(client);
    return new Promise((resolve, reject) => {
      client.once('connect', (connack) => resolve({ client, connack }));
      client.once('error', (error) => {
        client.end(true);
        reject(error);
      });
    });
  };
}

/** Starts Mosquitto on a prepared directory; resolves once it listens. */
async function launch(dir: string, port: number): Promise<{ child: ChildProcess; output: () => string }> {
  let output = '';
  const child = spawn(which('mosquitto')!, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { child, output: () => output };
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Writes a broker's configuration without starting it, so a test can point a client at the port
 * (and trust the CA) while nothing listens there yet.
 */
export async function prepareBroker(options: BrokerOptions): Promise<PreparedBroker> {
  requireMosquitto();
  const { dir, port, scriptEnv } = await prepareConfigDir(options);
  const caFile = join(dir, 'certs', 'ca.crt');
  return {
    dir,
    port,
    caFile,
    discard: () => rm(dir, { recursive: true, force: true }),
    async start() {
      let running: Awaited<ReturnType<typeof launch>>;
      try {
        running = await launch(dir, port);
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
      let earlier = '';
      const ca = await readFile(caFile);
      const clients: MqttClient[] = [];
      const connectWithAck = clientFactory(port, ca, clients);
      return {
        dir,
        port,
        ca,
        caFile,
        get pid() {
          return running.child.pid!;
        },
        get scriptEnv() {
          return { ...scriptEnv, MOSQUITTO_PID: String(running.child.pid) };
        },
        log: () => earlier + running.output(),
        connectWithAck,
        connect: async (username, password, extra = {}) => (await connectWithAck(username, password, extra)).client,
        async restart() {
          await terminate(running.child);
          earlier += running.output();
          running = await launch(dir, port);
        },
        async stop() {
          await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
          await terminate(running.child);
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export async function startBroker(options: BrokerOptions): Promise<TestBroker> {
  return (await prepareBroker(options)).start();
}

/** Collects "topic payload" strings received by a client. */
export function inbox(client: MqttClient): string[] {
  const seen: string[] = [];
  client.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString()}`));
  return seen;
}

/** Waits until `seen` holds `expected`: publishing a marker last makes "nothing else came" checkable. */
export async function waitFor(seen: string[], expected: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!seen.includes(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (!seen.includes(expected)) throw new Error(`never received ${expected}; got ${JSON.stringify(seen)}`);
}
