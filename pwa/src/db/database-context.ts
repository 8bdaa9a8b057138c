/** React context carrying the signed-in user's local database (provided by SyncProvider). */
import { createContext, useContext } from 'react';
import type { AppDatabase } from './collections.ts';

export const DatabaseContext = createContext<AppDatabase | null>(null);

/** The local database, or null while none is open (nobody signed in, or still opening). */
export function useOptionalDatabase(): AppDatabase | null {
  return useContext(DatabaseContext);
}

/**
 * The local database. Only for components rendered behind a signed-in route: SyncProvider
 * renders its children without a database while nobody is signed in.
 */
export function useDatabase(): AppDatabase {
  const db = useContext(DatabaseContext);
  if (!db) throw new Error('useDatabase() : aucune base locale ouverte (utilisateur non connecté ?)');
  return db;
}
