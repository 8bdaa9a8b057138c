/** Test helpers of the dashboard: a local database seeded as after a pull, and the page rendered on it. */
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AuthContext, type AuthContextValue } from '../../auth/auth-context.ts';
import type { AppDatabase } from '../../db/collections.ts';
import type { Enrolment } from '../devices/index.ts';
import { DashboardContent } from './dashboard-page.tsx';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const synced = { rev: 1, updatedAt: 1, writeId: null, pendingAt: null };

export function deviceDoc(id: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name,
    mqttUsername: `${id}-abcdef`,
    intervalSeconds: 30,
    status: 'active' as const,
    lastSeenAt: null,
    connectionStatus: null,
    connectionChangedAt: null,
    createdAt: 1,
    ...synced,
    ...extra,
  };
}

export function readingDoc(deviceId: string, measuredAt: number, t: number | null, extra: Record<string, unknown> = {}) {
  return {
    id: `${deviceId}-${measuredAt}`,
    deviceId,
    kind: 'raw' as const,
    measuredAt,
    dhtTemperature: t,
    dhtHumidity: 55,
    ntcTemperature: t === null ? null : t + 0.5,
    luminosity: 40,
    min: null,
    max: null,
    count: 1,
    ...synced,
    ...extra,
  };
}

export function hourlyDoc(deviceId: string, hourStart: number, avg: number, lo: number, hi: number, count: number) {
  const m = (t: number) => ({ dhtTemperature: t, dhtHumidity: 55, ntcTemperature: t + 0.5, luminosity: 40 });
  return readingDoc(deviceId, hourStart, avg, { id: `${deviceId}-1h-${hourStart}`, kind: '1h', min: m(lo), max: m(hi), count, ntcTemperature: avg + 0.5 });
}

const auth: AuthContextValue = {
  ready: true,
  user: { sub: 'user-dashboard', displayName: 'Laurent', email: null },
  tokenExpired: false,
  signIn: () => Promise.resolve(),
  signOut: () => Promise.resolve(),
  getAccessToken: () => Promise.resolve(null),
  completeSignIn: () => Promise.resolve('/'),
};

export interface RenderOptions {
  online?: boolean;
  enrol?: (input: { name: string; intervalSeconds: number }) => Promise<Enrolment>;
}

const noServer = () => Promise.reject(new Error('no server in this test'));

/** Under a real (memory) router: "Mes capteurs" follows the sync panel's ?corriger= links. */
export function renderDashboard(db: AppDatabase, opts: RenderOptions = {}) {
  const element = (
    <AuthContext.Provider value={auth}>
      <DashboardContent db={db} online={opts.online ?? true} enrol={opts.enrol ?? noServer} chartSize={{ width: 800, height: 400 }} />
    </AuthContext.Provider>
  );
  const router = createMemoryRouter([{ path: '/dashboard', element }], { initialEntries: ['/dashboard'] });
  return render(<RouterProvider router={router} />);
}
