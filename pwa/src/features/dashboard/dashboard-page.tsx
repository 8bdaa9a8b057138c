/**
 * Tableau de bord (§7.4 of the original, in French): "Bienvenue, <name>", the sensor readings
 * of the chosen range from the local database (offline too, live as readings replicate in), and
 * the user's sensors. Route module contract: named export `DashboardPage` (lazy-loaded).
 */
import { useCallback, useEffect, useState } from 'react';
import { useOnline } from '../../app/use-online.ts';
import { useAuth } from '../../auth/use-auth.ts';
import type { AppDatabase } from '../../db/collections.ts';
import { clockOf } from '../../db/database-clock.ts';
import { useOptionalDatabase } from '../../db/use-database.ts';
import { useApiClient } from '../../lib/use-api-client.ts';
import { DevicesSection, enrolDevice, type Enrolment } from '../devices/index.ts';
import { SensorDataSection } from './sensor-data-section.tsx';
import { usePruneSensorReadings } from './use-sensor-data.ts';
import './dashboard.css';

export function DashboardPage() {
  const db = useOptionalDatabase();
  const api = useApiClient();
  const online = useOnline();
  const enrol = useCallback((input: { name: string; intervalSeconds: number }) => enrolDevice(api, input), [api]);
  if (!db) {
    return (
      <p className="page" role="status">
        Ouverture des données locales…
      </p>
    );
  }
  return <DashboardContent db={db} online={online} enrol={enrol} />;
}

/** Server time, refreshed every `intervalMs`. */
function useServerNow(db: AppDatabase, intervalMs: number): number {
  const [now, setNow] = useState(() => clockOf(db).now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(clockOf(db).now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [db, intervalMs]);
  return now;
}

export interface DashboardContentProps {
  db: AppDatabase;
  online: boolean;
  enrol: (input: { name: string; intervalSeconds: number }) => Promise<Enrolment>;
  /** Fixed chart size for tests; responsive otherwise. */
  chartSize?: { width: number; height: number };
}

export function DashboardContent({ db, online, enrol, chartSize }: DashboardContentProps) {
  const { user } = useAuth();
  const now = useServerNow(db, 60_000);
  const clockNow = useCallback(() => clockOf(db).now(), [db]);
  usePruneSensorReadings(db, clockNow);

  return (
    <article className="page dashboard-page">
      <h1>Tableau de bord</h1>
      <p className="dashboard-welcome">
        Bienvenue, <strong>{user?.displayName ?? 'Utilisateur'}</strong>
      </p>
      <SensorDataSection db={db} now={now} {...(chartSize ? { chartSize } : {})} />
      <DevicesSection db={db} now={now} online={online} enrol={enrol} />
    </article>
  );
}
