/**
 * oidc-provider storage for the embedded identity provider: in memory, mirrored to one JSON file
 * in the data folder, so sessions, grants and refresh tokens survive an `npm start` restart
 * (oidc-provider's own memory adapter would sign every user out on each restart). Sized for a
 * demo with a handful of users, not for production, which uses Keycloak.
 */
import { readFile } from 'node:fs/promises';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { writeSecretFile } from '../data-files.ts';

interface Entry {
  payload: AdapterPayload;
  /** Epoch seconds. */
  expiresAt: number;
}

const now = () => Math.floor(Date.now() / 1000);

export interface FileStore {
  /** The class oidc-provider instantiates once per model name. */
  Adapter: new (model: string) => Adapter;
  /** Writes pending changes now (on stop). */
  flush(): Promise<void>;
}

export async function createFileStore(file: string, onError: (err: unknown) => void): Promise<FileStore> {
  const entries = new Map<string, Entry>(await load(file));
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const persist = async () => {
    timer = undefined;
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
    const snapshot = JSON.stringify([...entries]);
    writing = writing.then(() => writeSecretFile(file, snapshot)).catch(onError);
    await writing;
  };
  const schedule = () => {
    timer ??= setTimeout(() => void persist(), 250);
  };
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    return entry && entry.expiresAt > now() ? entry : undefined;
  };
  const findWhere = (model: string, field: 'uid' | 'userCode', value: string) => {
    for (const [key, entry] of entries) {
      if (key.startsWith(`${model}:`) && entry.payload[field] === value && entry.expiresAt > now()) return entry.payload;
    }
    return undefined;
  };

  class FileAdapter implements Adapter {
    constructor(private readonly model: string) {}
    private key = (id: string) => `${this.model}:${id}`;

    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      entries.set(this.key(id), { payload, expiresAt: now() + (expiresIn || 365 * 24 * 3600) });
      schedule();
      return Promise.resolve();
    }
    find(id: string) {
      return Promise.resolve(live(this.key(id))?.payload);
    }
    findByUid(uid: string) {
      return Promise.resolve(findWhere(this.model, 'uid', uid));
    }
    findByUserCode(userCode: string) {
      return Promise.resolve(findWhere(this.model, 'userCode', userCode));
    }
    consume(id: string): Promise<void> {
      const entry = entries.get(this.key(id));
      if (entry) entry.payload = { ...entry.payload, consumed: now() };
      schedule();
      return Promise.resolve();
    }
    destroy(id: string): Promise<void> {
      entries.delete(this.key(id));
      schedule();
      return Promise.resolve();
    }
    revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(key);
      schedule();
      return Promise.resolve();
    }
  }

  return {
    Adapter: FileAdapter,
    async flush() {
      if (timer) clearTimeout(timer);
      await persist();
    },
  };
}

async function load(file: string): Promise<[string, Entry][]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as [string, Entry][];
    return Array.isArray(parsed) ? parsed.filter(([, e]) => e.expiresAt > now()) : [];
  } catch {
    return []; // a torn file only costs the users a new sign-in
  }
}
