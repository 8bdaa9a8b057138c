import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.ts';
import { csrf } from './csrf.ts';
import { errorHandler } from './error-handler.ts';

let url: string;
let close: () => void;

beforeAll(async () => {
  const app = new Koa();
  app.use(errorHandler(createLogger('silent')));
  app.use(csrf({ cookieDomain: '.itercraft.test', secure: false }));
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('double-submit CSRF', () => {
  it('issues the XSRF-TOKEN cookie on a safe request, readable by scripts, on the configured domain', async () => {
    const res = await fetch(url);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^XSRF-TOKEN=[\w-]{20,};/);
    expect(cookie).toMatch(/domain=\.itercraft\.test/i);
    expect(cookie).not.toMatch(/httponly/i);
  });

  it('refuses a mutation without the header, or with a different one, and accepts the matching one', async () => {
    const token = /XSRF-TOKEN=([^;]+)/.exec((await fetch(url)).headers.get('set-cookie') ?? '')![1]!;
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { cookie: `XSRF-TOKEN=${token}`, ...headers } });
    const missing = await post({});
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 'CSRF' } });
    expect((await post({ 'x-xsrf-token': `${token}x` })).status).toBe(403);
    expect((await post({ 'x-xsrf-token': token })).status).toBe(200);
  });
});
