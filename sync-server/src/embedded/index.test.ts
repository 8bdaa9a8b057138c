import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import mqtt from 'mqtt';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { freePort } from './free-port.ts';
import { startInfrastructure } from './index.ts';

const logger = pino({ level: 'silent' });
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'itercraft-infra-'));
  await chmod(root, 0o711); // the embedded PostgreSQL runs as `postgres` when we are root
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('startInfrastructure', () => {
  it('starts nothing when DATABASE_URL, OIDC_ISSUER and MQTT_URL are set', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app@db.example:5432/itercraft',
      OIDC_ISSUER: 'https://authent.itercraft.com/realms/itercraft',
      OIDC_JWKS_URI: 'https://authent.itercraft.com/realms/itercraft/protocol/openid-connect/certs',
      MQTT_URL: 'mqtts://mqtt.itercraft.com:8883',
      MQTT_USERNAME: 'itercraft-backend',
      MQTT_PASSWORD: 'secret',
      DATA_DIR: join(root, 'unused'),
    });
    const infra = await startInfrastructure(config, logger, { publicUrl: 'https://www.itercraft.com' });
    expect(infra).toMatchObject({
      databaseUrl: 'postgres://app@db.example:5432/itercraft',
      oidc: {
        issuer: 'https://authent.itercraft.com/realms/itercraft',
        jwksUri: 'https://authent.itercraft.com/realms/itercraft/protocol/openid-connect/certs',
        audience: 'iterapi',
        clientId: 'iterfront',
      },
      oidcMiddleware: null,
      mqtt: { url: 'mqtts://mqtt.itercraft.com:8883', username: 'itercraft-backend', password: 'secret', embedded: false },
      demoUsers: [],
    });
    await infra.stop();
  });

  it('starts the embedded PostgreSQL, identity provider and broker, and stops them all', async () => {
    const config = loadConfig({
      DATA_DIR: join(root, 'data'),
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_MQTT_PORT: '0',
    });
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const infra = await startInfrastructure(config, logger, {
      publicUrl,
      mqttAuthenticator: (username, password) => Promise.resolve(username === 'esp32-salon' && password === 'pw' ? 'device' : null),
    });
    let server: ReturnType<Koa['listen']> | undefined;
    try {
      const db = new pg.Client({ connectionString: infra.databaseUrl });
      await db.connect();
      expect((await db.query<{ db: string }>('select current_database() as db')).rows[0]?.db).toBe('itercraft');
      await db.end();

      expect(infra.oidc).toEqual({ issuer: `${publicUrl}/oidc`, jwksUri: `${publicUrl}/oidc/jwks`, audience: 'iterapi', clientId: 'iterfront' });
      expect(infra.demoUsers.map((u) => u.email)).toEqual(['laurent@itercraft.com', 'camille@itercraft.com']);
      const app = new Koa();
      app.use(infra.oidcMiddleware!);
      server = app.listen(port, '127.0.0.1');
      const meta = (await (await fetch(`${publicUrl}/oidc/.well-known/openid-configuration`)).json()) as { issuer: string };
      expect(meta.issuer).toBe(infra.oidc.issuer);
      // The Vite dev server and the other loopback name may receive sign-in redirects; an unknown origin may not.
      const authorize = (redirectUri: string) =>
        fetch(`${publicUrl}/oidc/auth?${new URLSearchParams({ client_id: 'iterfront', response_type: 'code', scope: 'openid', redirect_uri: redirectUri, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }).toString()}`, { redirect: 'manual' });
      for (const accepted of ['http://localhost:5173/auth/callback', `http://localhost:${port}/auth/callback`]) {
        const res = await authorize(accepted);
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toMatch(/^\/oidc\/interaction\//);
      }
      const foreign = await authorize('http://evil.example/auth/callback');
      expect(foreign.status).toBe(400);
      expect(await foreign.text()).toContain('redirect_uri');

      expect(infra.mqtt).toMatchObject({ username: 'itercraft-backend', embedded: true });
      const backend = await mqtt.connectAsync(infra.mqtt.url, { username: infra.mqtt.username, password: infra.mqtt.password, reconnectPeriod: 0 });
      const device = await mqtt.connectAsync(infra.mqtt.url, { username: 'esp32-salon', password: 'pw', reconnectPeriod: 0 });
      await backend.endAsync();
      await device.endAsync();
    } finally {
      server?.close();
      await infra.stop();
    }
    await expect(mqtt.connectAsync(infra.mqtt.url, { reconnectPeriod: 0, connectTimeout: 2000 })).rejects.toThrow(/ECONNREFUSED/);
    const after = new pg.Client({ connectionString: infra.databaseUrl });
    await expect(after.connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});
