/**
 * One device's readings over the range: the dual-axis chart (gaps from the device's own interval)
 * and its min / max / average table. Under "Tous les capteurs" the section shows one of these per
 * device, each titled with the device's name.
 */
import { lazy, Suspense, useId, useMemo } from 'react';
import { chartRows, rangeStats, type SensorPoint } from '../sensor-model.ts';
import { SensorStatsTable } from './sensor-stats-table.tsx';

// recharts is large: it loads with this chunk only, after the rest of the page shows.
const SensorChart = lazy(() => import('./sensor-chart.tsx'));

export interface DeviceReadingsProps {
  /** The readings of one device only, in time order. */
  points: readonly SensorPoint[];
  /** The device's publish interval: a silence longer than twice this is drawn as a gap. */
  intervalMs: number;
  /** The device's name when several devices are shown (a heading per device); none for one. */
  title?: string;
  chartSize?: { width: number; height: number } | undefined;
}

const AXES = 'températures à gauche en °C, humidité et luminosité à droite en %';

export function DeviceReadings({ points, intervalMs, title, chartSize }: DeviceReadingsProps) {
  const id = useId();
  const rows = useMemo(() => chartRows(points, intervalMs), [points, intervalMs]);
  const stats = useMemo(() => rangeStats(points), [points]);
  const body = (
    <>
      <figure className="sensor-chart" aria-label={title ? `Graphique des mesures de ${title} : ${AXES}` : `Graphique des mesures : ${AXES}`}>
        <Suspense fallback={<p role="status">Chargement du graphique…</p>}>
          <SensorChart rows={rows} {...(chartSize ? { size: chartSize } : {})} />
        </Suspense>
        <figcaption className="muted">
          Une interruption de plus de deux intervalles de mesure apparaît comme un trou dans la courbe. Au-delà de 7 jours, chaque point
          est une moyenne horaire.
        </figcaption>
      </figure>
      <SensorStatsTable stats={stats} caption={title ? `Sur la période : ${title}` : 'Sur la période'} />
    </>
  );
  if (!title) return body;
  return (
    <section className="sensor-device" aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`}>{title}</h3>
      {body}
    </section>
  );
}
