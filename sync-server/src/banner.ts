/** The startup message of `npm start`: where to go and how to sign in. */
import type { Infrastructure } from './embedded/index.ts';

export function printBanner(opts: { publicUrl: string; pwaServed: boolean; infra: Infrastructure }): void {
  const lines = [
    '',
    `  Itercraft est prêt : ${opts.publicUrl}`,
    opts.pwaServed ? '' : '  (PWA non construite : lancez `npm run build` pour la servir ici)',
  ];
  if (opts.infra.demoUsers.length > 0) {
    lines.push('  Comptes de démonstration :');
    for (const u of opts.infra.demoUsers) lines.push(`    ${u.username} / ${u.password}  (${u.email})`);
  }
  lines.push(`  Base de données : ${opts.infra.databaseUrl.replace(/:[^:@/]*@/, ':***@')}`);
  lines.push(`  MQTT : ${opts.infra.mqtt.url}${opts.infra.mqtt.embedded ? ' (broker embarqué)' : ''}`, '');
  // The banner is the product's output, not a log line.
  process.stdout.write(`${lines.filter((l) => l !== '').join('\n')}\n\n`);
}
