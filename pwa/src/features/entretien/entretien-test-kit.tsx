/** Test helpers of the Entretien feature: a local database seeded like after a first pull. */
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AuthContext, type AuthContextValue } from '../../auth/auth-context.ts';
import type { AppDatabase } from '../../db/collections.ts';
import { EntretienContent } from './entretien-page.tsx';

export const USER = 'user-entretien';
export const TONDEUSE = '5e000000-0000-0000-0000-000000000001';
export const PISCINE = '5e000000-0000-0000-0000-000000000002';
export const KARCHER = '5e000000-0000-0000-0000-000000000003';
export const MIN = 60_000;

const synced = { rev: 1, updatedAt: 1, writeId: null, pendingAt: null };

/** The three global activities, as the first pull stores them. */
export async function seedServices(db: AppDatabase): Promise<void> {
  const seed = (id: string, code: string, label: string) => ({ id, code, label, description: null, scope: 'global' as const, createdAt: 1, ...synced });
  await db.services.bulkInsert([
    seed(TONDEUSE, 'tondeuse', 'Passer la tondeuse'),
    seed(PISCINE, 'piscine', 'Nettoyer la piscine'),
    seed(KARCHER, 'karcher', 'Passer le Karcher'),
  ]);
}

/** A session as pulled from the server (not pending). */
export function syncedSession(id: string, serviceId: string, startedAt: number, endedAt: number | null, autoStopped = false) {
  return {
    id,
    serviceId,
    startedAt,
    endedAt,
    durationMinutes: endedAt === null ? null : Math.floor((endedAt - startedAt) / MIN),
    autoStopped,
    mergedInto: null,
    ...synced,
  };
}

const auth: AuthContextValue = {
  ready: true,
  user: { sub: USER, displayName: 'Test', email: null },
  tokenExpired: false,
  signIn: () => Promise.resolve(),
  signOut: () => Promise.resolve(),
  getAccessToken: () => Promise.resolve(null),
  completeSignIn: () => Promise.resolve('/'),
};

/**
 * The page under a real (memory) router at `url`, as the app mounts it: navigate with
 * `router.navigate('/entretien?corriger=<id>')`, as the sync panel's "Corriger" link does.
 */
export function renderEntretien(db: AppDatabase, timeZone = 'Europe/Paris', url = '/entretien') {
  const element = (
    <AuthContext.Provider value={auth}>
      <EntretienContent db={db} timeZone={timeZone} />
    </AuthContext.Provider>
  );
  const router = createMemoryRouter([{ path: '/entretien', element }], { initialEntries: [url] });
  return { router, ...render(<RouterProvider router={router} />) };
}
