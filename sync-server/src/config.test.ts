import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('leaves external parts unset (embedded defaults) when the environment is empty', () => {
    const c = loadConfig({});
    expect(c.database.url).toBeUndefined();
    expect(c.oidc.issuer).toBeUndefined();
    expect(c.mqtt.url).toBeUndefined();
    expect(c.port).toBe(8080);
    expect(c.oidc.audience).toBe('iterapi');
    expect(c.tombstoneRetentionMs).toBeGreaterThanOrEqual(31 * 86_400_000);
  });

  it('parses the documented variables', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/itercraft',
      OIDC_ISSUER: 'https://authent.example/realms/itercraft',
      OIDC_JWKS_URI: 'https://authent.example/realms/itercraft/protocol/openid-connect/certs',
      CORS_ORIGINS: 'https://www.example, https://app.example',
      MQTT_URL: 'mqtts://mosquitto:8883',
      PORT: '9000',
    });
    expect(c.corsOrigins).toEqual(['https://www.example', 'https://app.example']);
    expect(c.port).toBe(9000);
  });

  it('names every bad variable in one clear error', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrowError(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
    }
  });

  it('refuses an issuer without its JWKS URI', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrowError(/OIDC_JWKS_URI/);
  });

  it('never accepts a tombstone retention below 31 days', () => {
    expect(() => loadConfig({ TOMBSTONE_RETENTION_DAYS: '7' })).toThrowError(/TOMBSTONE_RETENTION_DAYS/);
  });
});
