/**
 * Writes Mosquitto's password file from the database (see mosquitto-passwd.ts and README.md).
 *
 *   DATABASE_URL=postgres://… node --import tsx sync-server/src/features/sensors/mosquitto-passwd.cli.ts \
 *     --file /mosquitto/config/passwd [--pid <mosquitto pid> | --container <name>] [--watch <seconds>]
 *
 * Without --watch it syncs once and exits (cron, or after an enrolment); with --watch it keeps the
 * file in line every N seconds (a sidecar sharing the broker's PID namespace uses --pid 1).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { createDatabase } from '../../platform/db.ts';
import { createLogger } from '../../platform/logger.ts';
import { syncPasswdFile, type ReloadTarget } from './mosquitto-passwd.ts';

function target(pid: string | undefined, container: string | undefined): ReloadTarget {
  if (pid && container) throw new Error('give --pid or --container, not both');
  if (pid) {
    const n = Number(pid);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`invalid --pid ${pid}`);
    return { pid: n };
  }
  return container ? { container } : null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { file: { type: 'string' }, pid: { type: 'string' }, container: { type: 'string' }, watch: { type: 'string' } },
  });
  if (!values.file) throw new Error('--file <path to the broker password file> is required');
  const config = loadConfig();
  if (!config.database.url) throw new Error('DATABASE_URL is required');
  const logger = createLogger(config.logLevel, 'mosquitto-passwd');
  const reload = target(values.pid, values.container);
  const db = await createDatabase(config.database.url, 1);
  const once = async () => {
    const r = await syncPasswdFile(db, values.file!, reload);
    if (r.changed) logger.info({ file: values.file, devices: r.devices, reloaded: reload !== null }, 'broker password file updated');
    else logger.debug({ devices: r.devices }, 'broker password file already up to date');
  };
  if (!values.watch) {
    await once();
    await db.end();
    return;
  }
  const everyMs = Number(values.watch) * 1000;
  if (!Number.isFinite(everyMs) || everyMs < 1000) throw new Error('--watch takes a number of seconds ≥ 1');
  for (;;) {
    await once().catch((err: unknown) => logger.error({ err }, 'password file sync failed; retrying'));
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
