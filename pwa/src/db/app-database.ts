/// <reference types="vite/client" />
/**
 * The browser app's database for one user. `import.meta.env.DEV` is a compile-time constant:
 * in a production build the dev tools are unreachable and left out of the bundle.
 */
import type { AppDatabase } from './collections.ts';
import { createDatabase, databaseNameFor } from './create-database.ts';
import { withRxDevTools } from './dev-tools.ts';

export function openAppDatabase(userSub: string): Promise<AppDatabase> {
  return createDatabase({
    name: databaseNameFor(userSub),
    devTools: import.meta.env.DEV ? withRxDevTools : undefined,
  });
}
