/**
 * The sync backbone's Chromium test: sign in through the embedded provider, write a NEW document
 * with the network off, reload (the document is still there and counted as exactly one pending
 * change), reconnect: it reaches the server and the pending count drops to 0. The same session
 * also checks the production build never talks to another origin (RxDB's dev-mode would load a
 * remote iframe) and ships neither dev-mode nor the ajv validator.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, useSignedInPage } from './harness.ts';

const foreignRequests: string[] = [];
const fx = useSignedInPage({
  onContext: (context, stack) => {
    const origin = new URL(stack.url).origin;
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && url.origin !== origin) foreignRequests.push(request.url());
    });
  },
});

const LABEL = 'Tailler la haie';
const pendingBadge = () => fx.page.locator('.sync-indicator .badge:not(.badge-alert) [aria-hidden="true"]');
const card = () => fx.page.getByRole('region', { name: LABEL });

async function serverActivities(): Promise<{ label: string; owner_id: string | null }[]> {
  const client = new pg.Client({ connectionString: fx.stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ label: string; owner_id: string | null }>('SELECT label, owner_id FROM services WHERE label = $1', [LABEL])).rows;
  } finally {
    await client.end();
  }
}

describe('a document written offline', () => {
  it('survives a reload as one pending change and reaches the server once the network is back', async () => {
    await fx.page.goto('/entretien');
    await fx.page.getByRole('region', { name: 'Passer la tondeuse' }).waitFor({ timeout: 20_000 });

    await fx.context.setOffline(true);
    await fx.page.getByLabel('Nouvelle activité').fill(LABEL);
    await fx.page.getByRole('button', { name: 'Ajouter' }).click();
    await card().waitFor();
    await expect.poll(() => pendingBadge().textContent()).toBe('1');
    expect(await serverActivities()).toEqual([]);

    // Chromium's offline emulation can let one request through around a reload; a push that
    // slips out there is acknowledged again (same writeId) once online, so the test stays exact.
    const response = await fx.page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await card().waitFor({ timeout: 20_000 });
    await expect.poll(() => pendingBadge().textContent(), { timeout: 10_000 }).toBe('1');

    await fx.context.setOffline(false);
    await expect.poll(async () => (await serverActivities()).length, { timeout: 45_000 }).toBe(1);
    const [stored] = await serverActivities();
    expect(stored!.owner_id).not.toBeNull();
    await expect.poll(() => pendingBadge().count(), { timeout: 30_000 }).toBe(0);
    await expect(card().count()).resolves.toBe(1);
  });

  it('made no request to another origin during the whole session', () => {
    expect(foreignRequests).toEqual([]);
  });
});

describe('the production build', () => {
  it('contains neither RxDB dev-mode nor the ajv validator', async () => {
    const assets = join(REPO_ROOT, 'pwa/dist/assets');
    const scripts = (await readdir(assets)).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const offenders: string[] = [];
    for (const file of scripts) {
      const code = await readFile(join(assets, file), 'utf8');
      // Markers of rxdb/plugins/dev-mode (its tracking iframe, its warning) and of ajv's compiler.
      for (const marker of ['dev-mode-iframe', 'RxDB dev-mode warning', 'strictSchema', 'ajv']) {
        if (code.includes(marker)) offenders.push(`${file}: ${marker}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
