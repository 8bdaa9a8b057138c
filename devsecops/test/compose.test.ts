/**
 * docker-compose.yml as Debian's docker-compose resolves it with devsecops/.env.example:
 * it validates, a missing secret stops it, and the resolved stack keeps the production rules
 * (only Traefik and Mosquitto publish ports, databases and metrics stay internal, Keycloak in
 * production mode, TLS to the broker, no default passwords). Also yamllint on every YAML file
 * of the deployment, and the Keycloak realm.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVSECOPS, parseEnvFile, parseYaml, readJson, repoPath, requireTools, run, runOk, skipWithout } from './helpers.ts';

const EXAMPLE_ENV = repoPath('devsecops/.env.example');

interface Service {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string | null>;
  ports?: Array<string | { published?: number | string; target?: number }>;
  networks?: Record<string, unknown> | string[];
  healthcheck?: { test?: string[] | string };
  restart?: string;
  profiles?: string[];
  network_mode?: string;
  volumes?: Array<string | { source?: string; target?: string; read_only?: boolean }>;
  depends_on?: Record<string, { condition?: string }> | string[];
  security_opt?: string[];
}
interface ComposeConfig {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean }>;
}

/** `docker-compose config` with only the given env file (the shell's environment is left out). */
function composeConfig(envFile: string, extraArgs: string[] = []) {
  return run('docker-compose', ['-f', 'docker-compose.yml', '--env-file', envFile, 'config', ...extraArgs], { cleanEnv: true });
}

const networksOf = (s: Service): string[] => (Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? {}));
const publishedPorts = (s: Service): string[] =>
  (s.ports ?? []).map((p) => (typeof p === 'string' ? p.split(':')[0]! : String(p.published)));
const healthTest = (s: Service): string => [s.healthcheck?.test ?? []].flat().join(' ');
/** Volumes as { source, target }, whether docker-compose printed the short or the long syntax. */
const mounts = (s: Service): Array<{ source: string; target: string }> =>
  (s.volumes ?? []).map((v) => {
    if (typeof v !== 'string') return { source: v.source ?? '', target: v.target ?? '' };
    const [source = '', target = ''] = v.split(':');
    return { source, target };
  });
/** A file's text without its comment lines, so examples in comments are not taken for uses. */
const withoutComments = (text: string): string => text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');

describe.skipIf(skipWithout('docker-compose', 'python3'))('docker-compose.yml', () => {
  let config: ComposeConfig;

  beforeAll(() => {
    requireTools('docker-compose', 'python3');
    config = parseYaml<ComposeConfig>(runOk('docker-compose', ['-f', 'docker-compose.yml', '--env-file', EXAMPLE_ENV, 'config'], { cleanEnv: true }));
  });

  it('validates with the example environment (docker-compose config -q)', () => {
    const r = composeConfig(EXAMPLE_ENV, ['-q']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('stops before starting anything when a required secret is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itercraft-env-'));
    for (const secret of ['POSTGRES_PASSWORD', 'KEYCLOAK_ADMIN_PASSWORD', 'MQTT_BACKEND_PASSWORD', 'GRAFANA_ADMIN_PASSWORD']) {
      const lines = readFileSync(EXAMPLE_ENV, 'utf8').split('\n').filter((l) => !l.startsWith(`${secret}=`));
      const envFile = join(dir, `${secret}.env`);
      writeFileSync(envFile, lines.join('\n'));
      const r = composeConfig(envFile, ['-q']);
      expect(r.status, secret).not.toBe(0);
      expect(r.stderr, secret).toContain(`set ${secret} in .env`);
    }
  });

  it('publishes only Traefik (80, 443) and Mosquitto (8883)', () => {
    const published = Object.fromEntries(
      Object.entries(config.services)
        .map(([name, s]) => [name, publishedPorts(s)] as const)
        .filter(([, ports]) => ports.length > 0),
    );
    expect(published).toEqual({ traefik: ['80', '443'], mosquitto: ['8883'] });
  });

  it('keeps databases, metrics, logs and traces on the internal network only', () => {
    expect(config.networks.internal?.internal).toBe(true);
    expect(config.networks.public?.internal ?? false).toBe(false);
    for (const name of ['postgres', 'keycloak-db', 'prometheus', 'loki', 'tempo', 'promtail', 'grafana', 'pwa']) {
      expect(networksOf(config.services[name]!), name).toEqual(['internal']);
    }
    // Traefik reaches every routed service over `internal`.
    expect(networksOf(config.services.traefik!).sort()).toEqual(['internal', 'public']);
  });

  it('runs Keycloak 26 in production mode on its own PostgreSQL, importing the realm file', () => {
    const kc = config.services.keycloak!;
    const command = [kc.command ?? []].flat();
    expect(command).toContain('start');
    expect(command).toContain('--optimized');
    expect(command).toContain('--import-realm');
    expect(command.join(' ')).not.toContain('start-dev');
    expect(kc.environment?.KC_DB_URL).toBe('jdbc:postgresql://keycloak-db:5432/keycloak');
    expect(kc.environment?.KC_HOSTNAME).toBe('https://authent.example.org');
    expect(mounts(kc)).toContainEqual({
      source: repoPath('devsecops/keycloak/itercraft-realm.json'),
      target: '/opt/keycloak/data/import/itercraft-realm.json',
    });
    // Keycloak resolves ${VAR} placeholders of the realm file from its environment at import.
    const placeholders = new Set([...readFileSync(repoPath('devsecops/keycloak/itercraft-realm.json'), 'utf8').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!));
    expect([...placeholders].sort()).toEqual(['ITERCRAFT_OWNER_EMAIL', 'ITERCRAFT_OWNER_INITIAL_PASSWORD', 'ITERCRAFT_PWA_ORIGIN']);
    for (const name of placeholders) expect(kc.environment?.[name], name).toBeTruthy();
    const dockerfile = readFileSync(repoPath('devsecops/docker/keycloak.Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG KEYCLOAK_IMAGE=quay\.io\/keycloak\/keycloak:26\.\d+$/m);
    expect(dockerfile).toMatch(/kc\.sh build/);
  });

  it('gives the sync server every setting it needs, with TLS to the broker and the internal JWKS', () => {
    const env = config.services['sync-server']!.environment ?? {};
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://itercraft:replace-with-openssl-rand-hex-32@postgres:5432/itercraft',
      OIDC_ISSUER: 'https://authent.example.org/realms/itercraft',
      OIDC_JWKS_URI: 'http://keycloak:8080/realms/itercraft/protocol/openid-connect/certs',
      OIDC_AUDIENCE: 'iterapi',
      CORS_ORIGINS: 'https://www.example.org',
      CSRF_COOKIE_DOMAIN: 'example.org',
      PUBLIC_URL: 'https://api.example.org',
      MQTT_URL: 'mqtts://mosquitto:8883',
      MQTT_USERNAME: 'itercraft-backend',
      MQTT_CA_FILE: '/run/itercraft/mqtt-ca/ca.crt',
    });
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['ANTHROPIC_API_KEY', 'METEOFRANCE_API_TOKEN', 'MQTT_PASSWORD']));
    // Every variable the compose file sets must be one the server's config actually reads
    // (OTEL_* are read by the OpenTelemetry SDK itself).
    const configSource = readFileSync(repoPath('sync-server/src/config.ts'), 'utf8');
    for (const key of Object.keys(env).filter((k) => !k.startsWith('OTEL_'))) {
      expect(configSource, key).toMatch(new RegExp(`\\b${key}:`));
    }
  });

  it('health-checks the services others wait for, the sync server on /readyz', () => {
    const sync = config.services['sync-server']!;
    expect(healthTest(sync)).toContain('/readyz');
    for (const name of ['postgres', 'keycloak-db', 'keycloak', 'mosquitto', 'pwa', 'traefik']) {
      expect(healthTest(config.services[name]!), name).not.toBe('');
    }
    expect(sync.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      keycloak: { condition: 'service_healthy' },
      mosquitto: { condition: 'service_healthy' },
    });
    expect(config.services.mosquitto!.depends_on).toMatchObject({ 'mosquitto-init': { condition: 'service_completed_successfully' } });
  });

  it('prepares the broker from the committed mosquitto/ folder and hands the sync server only the CA', () => {
    expect(mounts(config.services['mosquitto-init']!)).toContainEqual({ source: repoPath('mosquitto'), target: '/opt/itercraft/mosquitto' });
    expect(mounts(config.services['sync-server']!).map((m) => m.source)).toEqual(['mqtt-ca']);
    // the CA key never reaches the broker
    expect(mounts(config.services.mosquitto!).map((m) => m.source)).not.toContain('mosquitto-pki');
  });

  it('routes by host through Traefik with ACME certificates and never exposes /metrics', () => {
    const command = [config.services.traefik!.command ?? []].flat().join('\n');
    expect(command).toContain('--certificatesresolvers.letsencrypt.acme.email=ops@example.org');
    expect(command).toContain('--certificatesresolvers.letsencrypt.acme.httpchallenge.entrypoint=web');
    expect(command).toContain('--entrypoints.web.http.redirections.entrypoint.to=websecure');
    const dynamic = withoutComments(readFileSync(repoPath('devsecops/traefik/dynamic/itercraft.yml'), 'utf8'));
    const routes = parseYaml<{ http: { routers: Record<string, { rule: string; service: string }> } }>(dynamic).http.routers;
    const hostOf = (rule: string): string | undefined => /Host\(`\{\{ env "(\w+)" \}\}`\)/.exec(rule)?.[1];
    expect(Object.fromEntries(Object.values(routes).map((r) => [hostOf(r.rule), r.service]))).toMatchObject({
      PWA_HOST: 'pwa',
      API_HOST: 'sync-server',
      AUTH_HOST: 'keycloak',
      GRAFANA_HOST: 'grafana',
    });
    expect(routes.api!.rule).toContain('!PathPrefix(`/metrics`)');
    expect(routes.auth!.rule).toContain('!PathPrefix(`/realms/master/`)');
    // Every variable the templates read is given to the Traefik container.
    const traefikEnv = Object.keys(config.services.traefik!.environment ?? {});
    for (const [, name] of dynamic.matchAll(/\{\{ env "(\w+)" \}\}/g)) expect(traefikEnv, name).toContain(name);
  });

  it('sets a restart policy and no-new-privileges on every long-running service', () => {
    for (const [name, s] of Object.entries(config.services)) {
      if (name === 'mosquitto-init' || name === 'falco') continue;
      expect(s.restart, name).toBe('unless-stopped');
      expect(s.security_opt, name).toContain('no-new-privileges:true');
    }
    expect(config.services.falco?.profiles).toEqual(['security']);
  });
});

describe('devsecops/.env.example', () => {
  const vars = parseEnvFile(readFileSync(EXAMPLE_ENV, 'utf8'));

  it('lists every variable docker-compose.yml requires, with placeholders for secrets', () => {
    const compose = withoutComments(readFileSync(repoPath('docker-compose.yml'), 'utf8'));
    const required = new Set([...compose.matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]!));
    expect(required.size).toBeGreaterThan(10);
    for (const name of required) expect(vars.has(name), name).toBe(true);
    for (const [name, value] of vars) {
      if (/PASSWORD|SECRET|TOKEN|API_KEY/.test(name)) {
        expect(value === '' || value.startsWith('replace-with-'), `${name}=${value}`).toBe(true);
      }
    }
  });
});

describe.skipIf(skipWithout('yamllint'))('yamllint', () => {
  beforeAll(() => requireTools('yamllint'));

  it('passes --strict on every YAML file of the deployment', () => {
    const r = run('yamllint', ['--strict', '-f', 'parsable', '-c', join(DEVSECOPS, '.yamllint.yml'), 'docker-compose.yml', 'devsecops', '.github/workflows']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('catches a broken file (the check is live)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itercraft-yaml-'));
    writeFileSync(join(dir, 'bad.yml'), 'a: 1\na: 2\n  b: [\n');
    const r = run('yamllint', ['--strict', '-c', join(DEVSECOPS, '.yamllint.yml'), dir]);
    expect(r.status).not.toBe(0);
  });
});

describe('Keycloak realm itercraft-realm.json', () => {
  interface Mapper { protocolMapper: string; config: Record<string, string> }
  interface Client {
    clientId: string;
    publicClient: boolean;
    standardFlowEnabled: boolean;
    implicitFlowEnabled: boolean;
    directAccessGrantsEnabled: boolean;
    serviceAccountsEnabled: boolean;
    redirectUris: string[];
    webOrigins: string[];
    attributes: Record<string, string>;
    defaultClientScopes: string[];
    optionalClientScopes: string[];
    protocolMappers: Mapper[];
  }
  interface Realm {
    realm: string;
    enabled: boolean;
    sslRequired: string;
    accessTokenLifespan: number;
    bruteForceProtected: boolean;
    registrationAllowed: boolean;
    clients: Client[];
    clientScopes?: unknown;
    users?: Array<{ id?: string; credentials?: Array<{ value: string; temporary?: boolean }>; requiredActions?: string[]; realmRoles?: string[] }>;
  }
  const realm = readJson<Realm>(repoPath('devsecops/keycloak/itercraft-realm.json'));
  const front = realm.clients.find((c) => c.clientId === 'iterfront');

  it('is realm itercraft with 300 s access tokens, brute-force protection and no self-registration', () => {
    expect(realm).toMatchObject({ realm: 'itercraft', enabled: true, sslRequired: 'external', accessTokenLifespan: 300, bruteForceProtected: true, registrationAllowed: false });
    // Declaring clientScopes would suppress Keycloak's built-in scopes, `basic` (which carries `sub`) included.
    expect(realm.clientScopes).toBeUndefined();
  });

  it('has the public PWA client iterfront: standard flow only, PKCE S256', () => {
    expect(front).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
    });
    expect(front?.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(realm.clients.map((c) => c.clientId)).toEqual(['iterfront']); // no unused confidential client with a default secret
  });

  it('accepts the production and local origins', () => {
    expect(front?.redirectUris).toEqual(expect.arrayContaining(['https://www.itercraft.com/*', 'http://localhost:8080/*', 'http://localhost:5173/*']));
    expect(front?.webOrigins).toEqual(expect.arrayContaining(['https://www.itercraft.com', 'http://localhost:8080', 'http://localhost:5173']));
    expect(front?.redirectUris.some((u) => u === '*' || u === '/*')).toBe(false);
  });

  it('asks for openid profile email by default and allows offline_access (refresh tokens for offline use)', () => {
    expect(front?.defaultClientScopes).toEqual(expect.arrayContaining(['basic', 'profile', 'email']));
    expect(front?.optionalClientScopes).toContain('offline_access');
  });

  it('adds the iterapi audience to access tokens only', () => {
    const audience = front?.protocolMappers.find((m) => m.protocolMapper === 'oidc-audience-mapper');
    expect(audience?.config).toMatchObject({ 'included.custom.audience': 'iterapi', 'access.token.claim': 'true', 'id.token.claim': 'false' });
  });

  it('imports users with fixed ids and no fixed password', () => {
    for (const user of realm.users ?? []) {
      expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(user.realmRoles).toContain('default-roles-itercraft'); // imported users get no default roles otherwise (offline_access)
      for (const credential of user.credentials ?? []) {
        expect(credential.value).toMatch(/^\$\{[A-Z_]+\}$/); // an environment placeholder
        expect(credential.temporary).toBe(true);
      }
    }
  });
});
