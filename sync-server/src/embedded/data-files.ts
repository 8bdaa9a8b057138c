/**
 * Small helpers for the embedded data folder (git-ignored): generated secrets are created
 * once, stored with owner-only permissions and read back on every later start, so keys,
 * passwords and the database survive restarts.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Creates `dir` (and parents) and sets its mode explicitly, since mkdir's mode is masked by umask. */
export async function ensureDir(dir: string, mode = 0o700): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  await chmod(dir, mode);
}

/** Writes a file atomically (temp file + rename) with owner-only permissions. */
export async function writeSecretFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  await rename(tmp, path);
}

/**
 * Reads a JSON file, or creates it with `create()` when it does not exist yet. `parse` checks
 * the stored shape so a hand-edited or truncated file fails loudly instead of half-working.
 */
export async function loadOrCreateJson<T>(path: string, create: () => T | Promise<T>, parse: (raw: unknown) => T): Promise<T> {
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    try {
      return parse(JSON.parse(text));
    } catch (error) {
      throw new Error(`${path} is unreadable (${(error as Error).message}); delete it to regenerate it`, { cause: error });
    }
  }
  const value = await create();
  await writeSecretFile(path, `${JSON.stringify(value, null, 2)}\n`);
  return value;
}

/** A random secret that is safe in URLs, passwords and config files (base64url). */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
