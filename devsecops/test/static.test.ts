/**
 * Static checks of the deployment files: nothing that looks like a real secret or a default
 * password is committed, and the Dockerfiles copy files that exist, are not filtered out by
 * .dockerignore, and run the server the way the architecture says (tsx, non-root, migrations).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, readYaml, repoPath, run, skipWithout } from './helpers.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === '.terraform') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// Built from pieces so that this file does not match itself.
const SECRET_PATTERNS: Array<[string, RegExp]> = [
  ['private key', new RegExp(['-----BEGIN ', '(RSA |EC |DSA |OPENSSH |ENCRYPTED )?', 'PRIVATE KEY-----'].join(''))],
  ['default password (change-me)', new RegExp(['change', 'me'].join(''), 'i')],
  ['Anthropic API key', new RegExp(['sk-', 'ant-', '[A-Za-z0-9_-]{10,}'].join(''))],
  ['AWS access key id', new RegExp(['AKIA', '[0-9A-Z]{16}'].join(''))],
  ['GitHub token', new RegExp(['gh[pousr]_', '[A-Za-z0-9]{36}'].join(''))],
  ['Slack token', new RegExp(['xox[abprs]-', '[A-Za-z0-9-]{10,}'].join(''))],
  ['trivial password', /(PASSWORD|SECRET)\s*[=:]\s*["']?(admin|password|secret|itercraft|123456)["']?\s*$/im],
];

function findSecrets(text: string): string[] {
  return SECRET_PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

describe('no secret in the deployment files', () => {
  const files = [
    ...filesUnder(repoPath('devsecops')),
    ...filesUnder(repoPath('.github')),
    repoPath('docker-compose.yml'),
    repoPath('.dockerignore'),
  ];

  it('finds no private key, API token or default password in any of them', () => {
    expect(files.length).toBeGreaterThan(30);
    const hits = files
      .map((file) => ({ file: relative(REPO, file), found: findSecrets(readFileSync(file, 'utf8')) }))
      .filter((h) => h.found.length > 0);
    expect(hits).toEqual([]);
  });

  it('recognises each kind of secret (the scan is live)', () => {
    const samples = [
      ['-----BEGIN ', 'EC PRIVATE KEY-----'].join(''),
      ['KEYCLOAK_PASSWORD=change', 'me'].join(''),
      ['ANTHROPIC_API_KEY=sk-', 'ant-api03-abcdefghijklmnop'].join(''),
      ['AKIA', 'ABCDEFGHIJKLMNOP'].join(''),
      ['ghp_', 'a'.repeat(36)].join(''),
      ['xoxb-', '123456789012-abc'].join(''),
      'GRAFANA_ADMIN_PASSWORD=admin',
    ];
    for (const sample of samples) expect(findSecrets(sample), sample).not.toEqual([]);
    expect(findSecrets('POSTGRES_PASSWORD=replace-with-openssl-rand-hex-32')).toEqual([]);
  });
});

interface Instruction { stage: number; name: string; args: string }

/** Dockerfile instructions with line continuations joined and comments dropped. */
function instructions(dockerfile: string): Instruction[] {
  const logical = readFileSync(dockerfile, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  let stage = -1;
  return logical.map((line) => {
    const [name = '', ...rest] = line.split(/\s+/);
    if (name.toUpperCase() === 'FROM') stage += 1;
    return { stage, name: name.toUpperCase(), args: rest.join(' ') };
  });
}

/** .dockerignore patterns as regular expressions over repository-relative paths. */
function dockerIgnore(): RegExp[] {
  return readFileSync(repoPath('.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    .map((pattern) => {
      const body = pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '(?:.*/)?')
        .replace(/\*/g, '[^/]*');
      return new RegExp(`^${body}(?:/.*)?$`);
    });
}

const DOCKER_DIR = repoPath('devsecops/docker');
const dockerfiles = readdirSync(DOCKER_DIR).filter((f) => f.endsWith('.Dockerfile'));

describe('Dockerfiles', () => {
  const ignored = dockerIgnore();

  it('copy only files that exist and that .dockerignore lets into the build context', () => {
    expect(dockerfiles.sort()).toEqual(['keycloak.Dockerfile', 'mosquitto.Dockerfile', 'pwa.Dockerfile', 'sync-server.Dockerfile']);
    for (const file of dockerfiles) {
      for (const ins of instructions(join(DOCKER_DIR, file)).filter((i) => i.name === 'COPY' || i.name === 'ADD')) {
        if (/--from=/.test(ins.args)) continue;
        const parts = ins.args.split(/\s+/).filter((p) => !p.startsWith('--'));
        for (const source of parts.slice(0, -1)) {
          expect(existsSync(repoPath(source)), `${file}: ${source}`).toBe(true);
          expect(ignored.some((re) => re.test(source)), `${file}: ${source} is excluded by .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('keeps secrets, local data and dependencies out of the build context', () => {
    for (const path of ['.env', 'devsecops/.env.example', 'node_modules/koa/package.json', 'pwa/dist/index.html', '.data/pg/PG_VERSION', 'mosquitto/certs/ca.key', 'mosquitto/passwd', '.git/config']) {
      expect(ignored.some((re) => re.test(path)), path).toBe(true);
    }
  });

  it('pin every base image to a version', () => {
    for (const file of dockerfiles) {
      const ins = instructions(join(DOCKER_DIR, file));
      const args = new Map(ins.filter((i) => i.name === 'ARG').map((i) => i.args.split('=') as [string, string]));
      for (const from of ins.filter((i) => i.name === 'FROM')) {
        const image = from.args.split(/\s+/)[0]!.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? '');
        if (/^[a-z]+$/.test(image)) continue; // an earlier stage of the same file
        expect(image, `${file}: FROM ${from.args}`).toMatch(/:[\w.-]*\d[\w.-]*$/);
        expect(image, file).not.toMatch(/:latest$/);
      }
    }
  });

  it('run the sync server from its TypeScript sources with tsx, as a non-root user, with its migrations', () => {
    const ins = instructions(join(DOCKER_DIR, 'sync-server.Dockerfile'));
    const last = Math.max(...ins.map((i) => i.stage));
    const final = ins.filter((i) => i.stage === last);
    expect(ins.find((i) => i.name === 'RUN' && i.args.includes('npm ci'))?.args).toMatch(/--omit=dev .*--workspace sync-server --workspace shared/);
    expect(final.filter((i) => i.name === 'USER').at(-1)?.args).toBe('node');
    expect(final.find((i) => i.name === 'CMD')?.args).toBe('["node", "--import", "tsx", "sync-server/src/main.ts"]');
    expect(final.some((i) => i.name === 'COPY' && i.args.includes('sync-server/migrations'))).toBe(true);
    expect(readFileSync(repoPath('sync-server/package.json'), 'utf8')).toMatch(/"tsx":/); // tsx is a runtime dependency
  });

  it('build the PWA with the workspace script and serve it from unprivileged nginx', () => {
    const ins = instructions(join(DOCKER_DIR, 'pwa.Dockerfile'));
    expect(ins.some((i) => i.name === 'RUN' && i.args.includes('npm run build -w pwa'))).toBe(true);
    expect(ins.find((i) => i.name === 'ARG' && i.args.startsWith('NGINX_IMAGE='))?.args).toContain('nginx-unprivileged');
  });

  it('pass the PWA exactly the build variables its source reads', () => {
    const source = filesUnder(repoPath('pwa/src'))
      .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const read = new Set([...source.matchAll(/import\.meta\.env\.(VITE_\w+)/g)].map((m) => m[1]!));
    const declared = new Set(
      instructions(join(DOCKER_DIR, 'pwa.Dockerfile'))
        .filter((i) => i.name === 'ARG' && i.args.startsWith('VITE_'))
        .map((i) => i.args.split('=')[0]!),
    );
    expect([...declared].sort()).toEqual([...read].sort());
  });

  it.skipIf(skipWithout('python3'))('are the ones docker-compose.yml builds', () => {
    const compose = readYaml<{ services: Record<string, { build?: { dockerfile: string } }> }>(repoPath('docker-compose.yml'));
    const built = Object.values(compose.services).flatMap((s) => (s.build ? [s.build.dockerfile] : []));
    expect([...new Set(built)].sort()).toEqual(dockerfiles.map((f) => `devsecops/docker/${f}`).sort());
  });

  it('ship a broker init script that bash accepts', () => {
    const r = run('bash', ['-n', join(DOCKER_DIR, 'mosquitto-init.sh')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

interface Workflow {
  on: Record<string, { tags?: string[] } | null>;
  jobs: Record<string, { container?: { image: string }; steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }>; strategy?: { matrix: { image: string[] } } }>;
}

describe.skipIf(skipWithout('python3'))('GitHub workflows', () => {
  it('ci.yml runs .ci/run on Node 20 (Debian, like the CI machines), plus lint and type check', () => {
    const ci = readYaml<Workflow>(repoPath('.github/workflows/ci.yml'));
    const runs = Object.values(ci.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
    expect(runs).toEqual(expect.arrayContaining(['bash .ci/run', 'npm run lint', 'npm run typecheck']));
    expect(ci.jobs.test?.container?.image).toBe('node:20-bookworm');
    const setupNode = ci.jobs.lint?.steps.find((s) => s.uses?.startsWith('actions/setup-node'));
    expect(setupNode?.with?.['node-version']).toBe(20);
  });

  it('docker.yml builds every Dockerfile on v* tags', () => {
    const docker = readYaml<Workflow & { true?: Workflow['on'] }>(repoPath('.github/workflows/docker.yml'));
    // PyYAML reads YAML 1.1, where the bare key `on` is the boolean true.
    const triggers = docker.on ?? docker.true;
    expect(triggers?.push?.tags).toEqual(['v*']);
    const images = docker.jobs.image?.strategy?.matrix.image ?? [];
    expect(images.map((i) => `${i}.Dockerfile`).sort()).toEqual([...dockerfiles].sort());
  });
});
