/** A fresh, migrated database per test file, cloned from the template made by global-setup. */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { adminQuery, databaseUrlFor } from './pg-admin.ts';

declare module 'vitest' {
  interface ProvidedContext {
    pgBaseUrl: string;
    pgTemplate: string;
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}


export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = inject('pgBaseUrl');
  const template = inject('pgTemplate');
  const name = `itercraft_t_${randomBytes(6).toString('hex')}`;
  // CREATE DATABASE … TEMPLATE fails while another session uses the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(baseUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    url: databaseUrlFor(baseUrl, name),
    name,
    drop: () => adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
