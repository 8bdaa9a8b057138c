/**
 * The original's dual-axis chart (§7.4): temperatures on the left axis (°C), humidity and
 * luminosity on the right one (%), fixed series names and colours, monotone lines without dots.
 * Unlike the original, `connectNulls` is never set: a gap in the readings is a gap in the line.
 * This module is the only one importing recharts; the page loads it lazily.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SERIES, axisDomain, formatTick, type ChartRow } from '../sensor-model.ts';

export interface SensorChartProps {
  rows: ChartRow[];
  /** Fixed size (tests); by default the chart fills its container's width, 400 px high. */
  size?: { width: number; height: number };
}

const tooltipStyle = { backgroundColor: '#1a1b2e', border: '1px solid #3a3c63', borderRadius: 8, color: '#e0e0e0' };

function domains(rows: ChartRow[]) {
  const temps = rows.flatMap((r) => [r.dhtTemperature, r.ntcTemperature]);
  const pcts = rows.flatMap((r) => [r.dhtHumidity, r.luminosity]);
  return { temp: axisDomain(temps, [0, 40]), pct: axisDomain(pcts, [0, 100], [0, 100]) };
}

function Chart({ rows, width, height }: { rows: ChartRow[]; width?: number; height?: number }) {
  const domain = domains(rows);
  return (
    <LineChart data={rows} width={width} height={height} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#2a2b50" />
      <XAxis dataKey="measuredAt" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={formatTick} stroke="#b4b5cc" minTickGap={24} />
      <YAxis yAxisId="temp" domain={domain.temp} stroke="#b4b5cc" label={{ value: '°C', angle: -90, position: 'insideLeft', fill: '#b4b5cc' }} />
      <YAxis yAxisId="pct" orientation="right" domain={domain.pct} stroke="#b4b5cc" label={{ value: '%', angle: 90, position: 'insideRight', fill: '#b4b5cc' }} />
      {/* Texts in the neutral colour: the blue and yellow series colours are too dark or too
          light for text on this background (WCAG AA); the line and legend icons keep them. */}
      <Tooltip
        contentStyle={tooltipStyle}
        itemStyle={{ color: '#e0e0e0' }}
        labelFormatter={(label) => formatTick(Number(label))}
        formatter={(value) => (typeof value === 'number' ? value.toLocaleString('fr-FR', { maximumFractionDigits: 1 }) : value)}
      />
      <Legend formatter={(value: string) => <span style={{ color: '#e0e0e0' }}>{value}</span>} />
      {SERIES.map((s) => (
        <Line key={s.key} yAxisId={s.axis} type="monotone" dataKey={s.key} name={s.name} stroke={s.color} dot={false} isAnimationActive={false} />
      ))}
    </LineChart>
  );
}

export function SensorChart({ rows, size }: SensorChartProps) {
  if (size) return <Chart rows={rows} width={size.width} height={size.height} />;
  return (
    <ResponsiveContainer width="100%" height={400}>
      <Chart rows={rows} />
    </ResponsiveContainer>
  );
}

export default SensorChart;
