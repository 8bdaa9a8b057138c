/**
 * Shared helpers for the deployment checks: repository paths, external tools (docker-compose,
 * yamllint, promtool, nginx, mosquitto), YAML reading and free ports.
 *
 * A missing tool skips its checks on a developer machine, but under CI=true it fails them:
 * `.ci/run` installs every tool listed in TOOLS (apt package names in the messages).
 */
import { spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const DEVSECOPS = join(REPO, 'devsecops');
export const repoPath = (...parts: string[]): string => join(REPO, ...parts);

const SEARCH_PATH = `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;

/** Tool → Debian package that provides it. */
export const TOOLS = {
  'docker-compose': 'docker-compose',
  yamllint: 'yamllint',
  promtool: 'prometheus',
  nginx: 'nginx-light',
  mosquitto: 'mosquitto',
  mosquitto_passwd: 'mosquitto',
  openssl: 'openssl',
  python3: 'python3-yaml',
} as const;
export type Tool = keyof typeof TOOLS;

function which(tool: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { env: { ...process.env, PATH: SEARCH_PATH }, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export const isCI = process.env.CI === 'true';

/** True when the checks that need these tools must be skipped (only ever outside CI). */
export function skipWithout(...tools: Tool[]): boolean {
  return !isCI && tools.some((t) => which(t) === null);
}

/** Throws (so the suite fails) when a tool is missing; call it in beforeAll of each suite. */
export function requireTools(...tools: Tool[]): void {
  const missing = tools.filter((t) => which(t) === null);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((t) => TOOLS[t]))].join(' ');
    throw new Error(`missing ${missing.join(', ')}: apt-get install ${packages}`);
  }
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Replace the whole environment instead of extending process.env. */
  cleanEnv?: boolean;
  input?: string;
}

export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): SpawnSyncReturns<string> {
  const base: NodeJS.ProcessEnv = opts.cleanEnv ? { PATH: SEARCH_PATH, HOME: process.env.HOME ?? '/root' } : { ...process.env, PATH: SEARCH_PATH };
  return spawnSync(cmd, args, {
    cwd: opts.cwd ?? REPO,
    env: { ...base, ...opts.env },
    encoding: 'utf8',
    input: opts.input,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Output of a command that must succeed; the error carries its stderr. */
export function runOk(cmd: string, args: readonly string[], opts: RunOptions = {}): string {
  const r = run(cmd, args, opts);
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

const YAML_TO_JSON = 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)';

/** Parses YAML text with PyYAML (a dependency of docker-compose and yamllint; no npm YAML parser here). */
export function parseYaml<T = unknown>(text: string): T {
  return JSON.parse(runOk('python3', ['-c', YAML_TO_JSON], { input: text })) as T;
}

export const readYaml = <T = unknown>(path: string): T => parseYaml<T>(readFileSync(path, 'utf8'));
export const readJson = <T = unknown>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Parses a KEY=value env file (comments and blank lines ignored). */
export function parseEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars.set(m[1]!, m[2]!);
  }
  return vars;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port; throws if `child` dies first. */
export async function waitForPort(port: number, child: ChildProcess, describeFailure: () => string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(describeFailure());
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on port ${port}: ${describeFailure()}`);
}

/** Stops a child process and waits for it, so no zombie outlives the test file. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
