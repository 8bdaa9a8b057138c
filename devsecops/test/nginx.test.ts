/**
 * The PWA's nginx site (devsecops/docker/nginx/) served by a real nginx over a small stand-in
 * build: the app's routes (from the PWA's route table, through the build's app-routes.json and
 * the image's generated map) get the shell with 200, any other path the shell with 404, missing
 * hashed assets a plain 404, no-cache on the files that
 * name a release (index.html, sw.js, manifest), a year + immutable on hashed files, and the
 * security headers with a CSP that allows exactly the API and identity-provider origins.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoutesManifest } from '../../pwa/build/app-routes.ts';
import { APP_ROUTE_PATHS } from '../../pwa/src/app/route-table.ts';
import { freePort, repoPath, requireTools, skipWithout, stopChild, waitForPort } from './helpers.ts';

const NGINX_DIR = repoPath('devsecops/docker/nginx');
const API = 'https://api.test.example';
const AUTH = 'https://auth.test.example';

/** What the image's envsubst step and paths do in the container, done here for a temp dir. */
function renderSite(dir: string, port: number): string {
  const template = readFileSync(join(NGINX_DIR, 'default.conf.template'), 'utf8');
  const replacements: Array<[string, string]> = [
    ['${API_ORIGIN}', API],
    ['${AUTH_ORIGIN}', AUTH],
    ['${ANALYTICS_ORIGINS}', ''],
    ['listen 8080;', `listen 127.0.0.1:${port};`],
    ['root /usr/share/nginx/html;', `root ${join(dir, 'html')};`],
    ['include snippets/security-headers.conf;', `include ${join(NGINX_DIR, 'security-headers.conf')};`],
    ['include snippets/app-routes.map;', `include ${join(dir, 'app-routes.map')};`],
  ];
  let site = template;
  for (const [from, to] of replacements) {
    if (!site.includes(from)) throw new Error(`template no longer contains "${from}"`);
    site = site.replaceAll(from, to);
  }
  return site;
}

/** What the image's build stage does: the build's app-routes.json → the nginx map entries. */
function generateRouteMap(dir: string): string {
  const json = join(dir, 'app-routes.json');
  writeFileSync(json, appRoutesManifest());
  const r = spawnSync(process.execPath, [join(NGINX_DIR, 'app-routes-map.mjs'), json], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`app-routes-map.mjs failed: ${r.stderr}`);
  writeFileSync(join(dir, 'app-routes.map'), r.stdout);
  return r.stdout;
}

/** Content-Security-Policy header → directive name → source list. */
function parseCsp(header: string): Map<string, string[]> {
  const directives = header
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .filter((tokens) => tokens[0]);
  return new Map(directives.map(([name, ...sources]) => [name!, sources]));
}

const INDEX = '<!doctype html><html lang="fr"><title>Itercraft</title><div id="root"></div>';
const BIG_JS = `export const data = ${JSON.stringify('x'.repeat(4096))};\n`;

describe.skipIf(skipWithout('nginx'))('PWA nginx site', () => {
  let dir: string;
  let base: string;
  let nginx: ChildProcess | undefined;
  let routeMap = '';

  beforeAll(async () => {
    requireTools('nginx');
    dir = mkdtempSync(join(tmpdir(), 'itercraft-nginx-'));
    chmodSync(dir, 0o755); // nginx workers run as an unprivileged user
    const html = join(dir, 'html');
    for (const sub of ['assets', 'icons']) mkdirSync(join(html, sub), { recursive: true });
    writeFileSync(join(html, 'index.html'), INDEX);
    writeFileSync(join(html, 'sw.js'), 'self.addEventListener("install", () => {});\n');
    writeFileSync(join(html, 'workbox-1a2b3c4d.js'), BIG_JS);
    writeFileSync(join(html, 'manifest.webmanifest'), '{"name":"Itercraft"}');
    writeFileSync(join(html, 'assets/index-Bx12ab34.js'), BIG_JS);
    writeFileSync(join(html, 'icons/icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    routeMap = generateRouteMap(dir);
    writeFileSync(join(dir, 'site.conf'), renderSite(dir, port));
    mkdirSync(join(dir, 'tmp'));
    writeFileSync(
      join(dir, 'nginx.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${join(dir, 'nginx.pid')};`,
        `error_log ${join(dir, 'error.log')} warn;`,
        'events {}',
        'http {',
        '  include /etc/nginx/mime.types;',
        '  default_type application/octet-stream;',
        '  access_log off;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, 'tmp', t)};`),
        `  include ${join(dir, 'site.conf')};`,
        '}',
      ].join('\n'),
    );
    const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginx = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitForPort(port, child, () => `nginx exited: ${stderr}`);
  });

  afterAll(async () => {
    await stopChild(nginx);
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: 'manual' });

  it('uses no other envsubst variable than the origins the image defines', () => {
    const template = readFileSync(join(NGINX_DIR, 'default.conf.template'), 'utf8');
    const used = [...new Set([...template.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    expect(used).toEqual(['ANALYTICS_ORIGINS', 'API_ORIGIN', 'AUTH_ORIGIN']);
    // envsubst leaves an undefined variable in place: the image must define every one.
    const dockerfile = readFileSync(repoPath('devsecops/docker/pwa.Dockerfile'), 'utf8');
    for (const name of used) expect(dockerfile, name).toMatch(new RegExp(`\\b${name}=`));
  });

  it('serves the app shell, revalidated on every load, with the security headers', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(INDEX);
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const csp = parseCsp(r.headers.get('content-security-policy') ?? '');
    expect(csp.get('connect-src')).toEqual(["'self'", API, AUTH]);
    expect(csp.get('form-action')).toEqual(["'self'", AUTH]);
    expect(csp.get('frame-src')).toEqual(["'self'", AUTH]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(r.headers.get('server')).toBe('nginx'); // no version
  });

  it('answers every route of the app with the shell and 200 (client-side routing)', async () => {
    for (const path of APP_ROUTE_PATHS) {
      for (const variant of path === '/' ? ['/'] : [path, `${path}/`]) {
        const r = await get(`${variant}?x=1`);
        expect(r.status, variant).toBe(200);
        expect(await r.text(), variant).toBe(INDEX);
        expect(r.headers.get('cache-control'), variant).toBe('no-cache');
        expect(r.headers.get('content-security-policy'), variant).toContain(API);
      }
    }
  });

  it('answers any other path with 404 and the shell, which shows the app’s 404 page', async () => {
    for (const path of ['/pas-une-page', '/entretien/historique', '/icons/', '/nulle/part']) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(await r.text(), path).toBe(INDEX);
      expect(r.headers.get('content-type'), path).toContain('text/html');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('content-security-policy'), path).toContain(API);
    }
  });

  it('generates the route map from the build’s list, without a hand-written copy', () => {
    const entries = routeMap.split('\n').filter((l) => l.startsWith('"'));
    expect(entries).toContain('"/entretien" 1;');
    expect(entries).toContain('"/entretien/" 1;');
    expect(entries).toHaveLength(APP_ROUTE_PATHS.length * 2 - 1);
    const template = readFileSync(join(NGINX_DIR, 'default.conf.template'), 'utf8');
    expect(template).not.toMatch(/entretien|ludotheque|dashboard/);
    // The image builds the map in its build stage and installs it where the template includes it.
    const dockerfile = readFileSync(repoPath('devsecops/docker/pwa.Dockerfile'), 'utf8');
    expect(dockerfile).toContain('app-routes-map.mjs pwa/dist/app-routes.json');
    expect(dockerfile).toMatch(/COPY --from=build \S+app-routes\.map \/etc\/nginx\/snippets\/app-routes\.map/);
  });

  it('revalidates the service worker and the manifest, so a release is seen at once', async () => {
    for (const path of ['/sw.js', '/manifest.webmanifest', '/index.html']) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('cache-control'), path).toBe('no-cache');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    expect((await get('/manifest.webmanifest')).headers.get('content-type')).toContain('application/manifest+json');
    expect((await get('/sw.js')).headers.get('content-type')).toContain('javascript');
  });

  it('caches hashed files for a year as immutable, compressed', async () => {
    for (const path of ['/assets/index-Bx12ab34.js', '/workbox-1a2b3c4d.js']) {
      const r = await get(path, { 'accept-encoding': 'gzip' });
      expect(r.status, path).toBe(200);
      expect(r.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      expect(r.headers.get('content-encoding'), path).toBe('gzip');
      expect(r.headers.get('content-security-policy'), path).toContain(AUTH);
    }
  });

  it('answers 404 for a missing hashed asset instead of the app shell', async () => {
    const r = await get('/assets/index-gone1234.js');
    expect(r.status).toBe(404);
    expect(await r.text()).not.toBe(INDEX);
  });

  it('serves other static files with a short cache and has a health endpoint', async () => {
    const icon = await get('/icons/icon-192.png');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
    const health = await get('/healthz');
    expect(await health.text()).toBe('ok\n');
  });
});
