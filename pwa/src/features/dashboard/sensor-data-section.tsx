/**
 * "Données capteurs": date range, device filter, the chart and the min / max / average table,
 * all from the local database (works offline, follows replicated readings live).
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import type { AppDatabase } from '../../db/collections.ts';
import { ALL_DEVICES, SensorFilters } from './components/sensor-filters.tsx';
import { SensorStatsTable } from './components/sensor-stats-table.tsx';
import { chartRows, defaultRange, rangeBounds, rangeStats, selectPoints } from './sensor-model.ts';
import { useSensorDevices, useSensorPoints, type DeviceDoc } from './use-sensor-data.ts';

// recharts is large: it loads with this chunk only, after the rest of the page shows.
const SensorChart = lazy(() => import('./components/sensor-chart.tsx'));

const DEFAULT_INTERVAL_S = 30;

/** The interval the gap rule uses: the device's, or the shortest of all devices when merged. */
function intervalMsFor(devices: readonly DeviceDoc[], deviceId: string): number {
  const relevant = deviceId === ALL_DEVICES ? devices : devices.filter((d) => d.id === deviceId);
  const seconds = relevant.length > 0 ? Math.min(...relevant.map((d) => d.intervalSeconds)) : DEFAULT_INTERVAL_S;
  return seconds * 1000;
}

export interface SensorDataSectionProps {
  db: AppDatabase;
  /** Server time, refreshed by the page (moves the raw/rollup horizon). */
  now: number;
  /** Fixed chart size for tests; responsive otherwise. */
  chartSize?: { width: number; height: number };
}

export function SensorDataSection({ db, now, chartSize }: SensorDataSectionProps) {
  const [filters, setFilters] = useState(() => ({ ...defaultRange(now), deviceId: ALL_DEVICES }));
  const devices = useSensorDevices(db);
  const range = rangeBounds(filters.from, filters.to);
  // An invalid range queries nothing (from > to) instead of the previous range.
  const points = useSensorPoints(db, range.ok ? range.from : 1, range.ok ? range.to : 0, filters.deviceId || null);
  const selected = useMemo(() => (points ? selectPoints(points, now) : undefined), [points, now]);
  const intervalMs = intervalMsFor(devices ?? [], filters.deviceId);
  const rows = useMemo(() => (selected ? chartRows(selected, intervalMs) : []), [selected, intervalMs]);
  const stats = useMemo(() => rangeStats(selected ?? []), [selected]);

  return (
    <section className="sensor-section" aria-labelledby="sensor-section-title">
      <h2 id="sensor-section-title">Données capteurs</h2>
      <SensorFilters
        from={filters.from}
        to={filters.to}
        deviceId={filters.deviceId}
        devices={devices ?? []}
        onChange={(next) => setFilters((f) => ({ ...f, ...next }))}
      />
      {!range.ok ? (
        <p className="error-text" role="alert">
          {range.message}
        </p>
      ) : selected === undefined ? (
        <p role="status">Chargement…</p>
      ) : selected.length === 0 ? (
        <p className="muted">Aucune donnée capteur pour cette période.</p>
      ) : (
        <>
          <figure className="sensor-chart" aria-label="Graphique des mesures : températures à gauche en °C, humidité et luminosité à droite en %">
            <Suspense fallback={<p role="status">Chargement du graphique…</p>}>
              <SensorChart rows={rows} {...(chartSize ? { size: chartSize } : {})} />
            </Suspense>
            <figcaption className="muted">
              Une interruption de plus de deux intervalles de mesure apparaît comme un trou dans la courbe. Au-delà de 7 jours, chaque
              point est une moyenne horaire.
            </figcaption>
          </figure>
          <SensorStatsTable stats={stats} />
        </>
      )}
    </section>
  );
}
