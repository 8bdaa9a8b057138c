/**
 * The real server entry (src/main.ts, as `npm start` runs it) in a child process, for tests of
 * process behaviour: startup errors, signals, exit codes. The caller gives the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Variables of the test runner that would make the child use something else than what the test says. */
const INHERITED_OVERRIDES = ['DATABASE_URL', 'OIDC_ISSUER', 'OIDC_JWKS_URI', 'MQTT_URL', 'MQTT_USERNAME', 'MQTT_PASSWORD', 'CORS_ORIGINS', 'PORT', 'NODE_OPTIONS'];

export interface ServerProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null if killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (test cleanup). */
  kill(): void;
}

export function spawnServer(env: Record<string, string>): ServerProcess {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_OVERRIDES) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], { cwd: REPO_ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => log,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Polls `/readyz` until it answers 200; fails early if the process exits. */
export async function untilReady(url: string, proc: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`the server exited with ${proc.child.exitCode}:\n${proc.output()}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${proc.output()}`);
}
