/** Min / max / average of each series over the selected range. */
import { SERIES, formatValue, type MetricKey, type MetricStats } from '../sensor-model.ts';

export function SensorStatsTable({ stats, caption = 'Sur la période' }: { stats: Record<MetricKey, MetricStats>; caption?: string }) {
  return (
    <table className="sensor-stats">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Mesure</th>
          <th scope="col">Minimum</th>
          <th scope="col">Maximum</th>
          <th scope="col">Moyenne</th>
        </tr>
      </thead>
      <tbody>
        {SERIES.map((s) => (
          <tr key={s.key}>
            <th scope="row">
              <span className="sensor-swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.name}
            </th>
            <td>{formatValue(stats[s.key].min, s.unit)}</td>
            <td>{formatValue(stats[s.key].max, s.unit)}</td>
            <td>{formatValue(stats[s.key].avg, s.unit)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
