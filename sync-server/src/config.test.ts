import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
}

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

  it('refuses an issuer without its JWKS URI, and a JWKS URI without its issuer (both or neither)', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrowError(/OIDC_JWKS_URI: required when OIDC_ISSUER is set/);
    expect(() => loadConfig({ OIDC_JWKS_URI: 'https://idp.example/certs' })).toThrowError(/OIDC_ISSUER: required when OIDC_JWKS_URI is set/);
  });

  it('reports the issuer/JWKS pairing together with every other faulty variable, in one message', () => {
    const message = messageOf({ OIDC_JWKS_URI: 'https://idp.example/certs', PORT: 'eighty', MQTT_URL: 'http://broker:1883' });
    expect(message.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim().split(':')[0])).toEqual(['PORT', 'MQTT_URL', 'OIDC_ISSUER']);
  });

  it.each([
    ['DATABASE_URL', 'mysql://u@db/itercraft', /DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//],
    ['MQTT_URL', 'http://broker:1883', /MQTT_URL: must be a URL starting with mqtt:\/\/ or mqtts:\/\/ or ws:\/\/ or wss:\/\//],
    ['OIDC_ISSUER', 'ftp://idp.example', /OIDC_ISSUER: must be a URL starting with http/],
    ['CORS_ORIGINS', 'https://ok.example, https://app.example/path', /CORS_ORIGINS\.1: must be an origin/],
    ['CORS_ORIGINS', 'app.example', /CORS_ORIGINS\.0: must be an origin/],
    ['CORS_ORIGINS', 'https://app.example/', /CORS_ORIGINS\.0: must be an origin/],
  ])('refuses %s=%s with the expected schemes', (name, value, pattern) => {
    const env: Record<string, string> = { [name]: value };
    if (name === 'OIDC_ISSUER') env.OIDC_JWKS_URI = 'https://idp.example/certs';
    expect(messageOf(env)).toMatch(pattern);
  });

  it('accepts every documented scheme', () => {
    for (const url of ['postgres://u@db/x', 'postgresql://u@db/x']) expect(loadConfig({ DATABASE_URL: url }).database.url).toBe(url);
    for (const url of ['mqtt://b:1883', 'mqtts://b:8883', 'ws://b:9001', 'wss://b/mqtt']) expect(loadConfig({ MQTT_URL: url }).mqtt.url).toBe(url);
    expect(loadConfig({ CORS_ORIGINS: 'http://localhost:5173,https://www.itercraft.com' }).corsOrigins).toEqual([
      'http://localhost:5173',
      'https://www.itercraft.com',
    ]);
  });

  it('never accepts a tombstone retention below 31 days', () => {
    expect(() => loadConfig({ TOMBSTONE_RETENTION_DAYS: '7' })).toThrowError(/TOMBSTONE_RETENTION_DAYS/);
  });
});
