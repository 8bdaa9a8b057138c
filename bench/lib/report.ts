/** One JSON line per figure: the value, its baseline from the same run, and value / baseline. */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  baseline: number;
  baselineDesc: string;
  target?: string;
  notes?: string;
}

export function report(f: Figure): void {
  const round = (n: number) => Math.round(n * 100) / 100;
  const line = {
    bench: f.bench,
    metric: f.metric,
    value: round(f.value),
    unit: f.unit,
    baseline: round(f.baseline),
    baseline_desc: f.baselineDesc,
    ratio: f.baseline === 0 ? null : round(f.value / f.baseline),
    ...(f.target ? { target: f.target } : {}),
    ...(f.notes ? { notes: f.notes } : {}),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}
