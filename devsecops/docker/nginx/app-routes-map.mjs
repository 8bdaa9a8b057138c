// Turns the PWA build's dist/app-routes.json (written from pwa/src/app/route-table.ts, the one
// list of the app's routes) into the entries of nginx's `map $uri $itercraft_app_route`:
// each route, with and without a trailing slash, maps to 1. Run at image build time:
//   node devsecops/docker/nginx/app-routes-map.mjs pwa/dist/app-routes.json > app-routes.map
import { readFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: app-routes-map.mjs <dist/app-routes.json>');
  process.exit(2);
}
const { paths } = JSON.parse(readFileSync(file, 'utf8'));
if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && /^\/[A-Za-z0-9/_.-]*$/.test(p))) {
  console.error(`${file}: expected {"paths": ["/", "/entretien", …]} with plain paths`);
  process.exit(1);
}
const entries = new Set();
for (const path of paths) {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  entries.add(bare);
  if (bare !== '/') entries.add(`${bare}/`);
}
process.stdout.write(`# Generated from ${file} at image build time; do not edit.\n`);
for (const entry of entries) process.stdout.write(`"${entry}" 1;\n`);
