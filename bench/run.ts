/**
 * `npm run bench -- <name> [<name>…]`: runs bench/<name>.ts (each exports `run()`); every figure is
 * printed as one JSON line with its same-run baseline and the ratio. No name runs them all.
 */
const ALL = ['sync', 'entretien', 'mqtt', 'pwa'] as const;

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const selected = names.length > 0 ? names : [...ALL];
  for (const name of selected) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`invalid benchmark name: ${name}`);
    const mod = (await import(`./${name}.ts`)) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') throw new Error(`bench/${name}.ts does not export run()`);
    await mod.run();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
