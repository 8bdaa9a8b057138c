/**
 * Mosquitto's password file from the database: how enrolment and decommissioning reach the
 * production broker. Device lines are exactly the active devices (`username:$7$…` as stored);
 * every other line (the backend account, admin, comments) is kept as it is. Written atomically
 * (temp file + rename) with the previous owner and mode, since the broker reads it as user
 * `mosquitto`; Mosquitto applies it on SIGHUP (and re-checks connected clients then).
 */
import { spawnSync } from 'node:child_process';
import { chmod, chown, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isDeviceUsername } from '@itercraft/shared/mqtt/topics';
import type { Queryable } from '../../platform/db.ts';
import { listActiveCredentials } from './devices.repo.ts';

export interface PasswdEntry {
  mqttUsername: string;
  passwordHash: string;
}

/** The new file content: non-device lines of `existing` first, then one line per active device. */
export function renderPasswdFile(existing: string, devices: readonly PasswdEntry[]): string {
  const kept = existing
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      const username = line.split(':', 1)[0]!;
      return line.startsWith('#') || !line.includes(':') || !isDeviceUsername(username);
    });
  const deviceLines = [...devices]
    .filter((d) => isDeviceUsername(d.mqttUsername) && /^\$7\$[^\s:]+$/.test(d.passwordHash))
    .sort((a, b) => a.mqttUsername.localeCompare(b.mqttUsername))
    .map((d) => `${d.mqttUsername}:${d.passwordHash}`);
  return `${[...kept, ...deviceLines].join('\n')}\n`;
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Writes `content` to `path` atomically, keeping the current file's owner and mode (0600 for a new one). */
async function writeAtomically(path: string, content: string): Promise<void> {
  const previous = await stat(path).catch(() => null);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(tmp, content, { mode: 0o600 });
  if (previous) {
    await chmod(tmp, previous.mode & 0o777);
    // Only root may give the file to `mosquitto`; elsewhere the writer already is the owner.
    await chown(tmp, previous.uid, previous.gid).catch(() => undefined);
  }
  await rename(tmp, path);
}

export type ReloadTarget = { pid: number } | { container: string } | null;

export function reloadBroker(target: ReloadTarget): void {
  if (!target) return;
  if ('pid' in target) {
    process.kill(target.pid, 'SIGHUP');
    return;
  }
  const r = spawnSync('docker', ['kill', '--signal=HUP', target.container], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docker kill --signal=HUP ${target.container} failed: ${r.stderr || r.error?.message}`);
}

/**
 * Brings the password file in line with the database. Returns whether it changed; the broker is
 * reloaded only then.
 */
export async function syncPasswdFile(db: Queryable, path: string, reload: ReloadTarget): Promise<{ changed: boolean; devices: number }> {
  const devices = await listActiveCredentials(db);
  const existing = (await readIfExists(path)) ?? '';
  const next = renderPasswdFile(existing, devices);
  if (next === existing) return { changed: false, devices: devices.length };
  await writeAtomically(path, next);
  reloadBroker(reload);
  return { changed: true, devices: devices.length };
}
