import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const pullGames = (token?: string) =>
  fetch(`${server.url}/sync/v1/games/pull?schema=0&limit=1`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('bearer authentication', () => {
  it('accepts an RS256 token from the configured issuer for the configured audience', async () => {
    expect((await pullGames(await server.tokenFor('alice'))).status).toBe(200);
  });

  it.each([
    ['no token', () => Promise.resolve(undefined)],
    ['alg none', () => Promise.resolve(server.issuer.unsignedToken('alice'))],
    ['HS256 signed with a guessable secret', async () => server.issuer.hs256Token('alice', 'secret')],
    ['expired', async () => server.issuer.token('alice', { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['wrong issuer', async () => server.issuer.token('alice', { issuer: 'https://evil.example/realms/itercraft' })],
    ['wrong audience', async () => server.issuer.token('alice', { audience: 'someone-else' })],
    ['garbage', () => Promise.resolve('not.a.jwt')],
  ])('refuses %s with 401 and a JSON error', async (_label, make) => {
    const res = await pullGames(await make());
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('refuses a token it accepted before once that token has expired (verified tokens are remembered only until their exp)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await server.issuer.token('alice', { expiresIn: exp });
    expect((await pullGames(token)).status).toBe(200);
    expect((await pullGames(token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    const res = await pullGames(token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('remembers a token only once verified: a forged token sent after a valid one is still refused', async () => {
    const valid = await server.tokenFor('alice');
    expect((await pullGames(valid)).status).toBe(200);
    const [head, body] = valid.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), sub: 'bob' })).toString('base64url');
    const forged = `${head}.${forgedBody}.${valid.split('.')[2]}`;
    expect((await pullGames(forged)).status).toBe(401);
    expect((await pullGames(forged)).status).toBe(401);
  });

  it('refuses a valid token that carries no subject', async () => {
    const token = await server.issuer.token('', {});
    expect((await pullGames(token)).status).toBe(401);
  });
});

describe('CORS allowlist', () => {
  it('answers a preflight from an allowed origin and ignores others', async () => {
    const allowed = await fetch(`${server.url}/sync/v1/games/pull`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const denied = await fetch(`${server.url}/sync/v1/games/pull`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('health', () => {
  it('answers the original healthcheck contract and a readiness probe that checks the database', async () => {
    expect(await (await fetch(`${server.url}/healthcheck`)).json()).toEqual({ status: 'UP' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'UP', database: 'UP' });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await fetch(`${server.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
