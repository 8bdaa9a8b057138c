import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createTestDatabase, type TestDatabase } from '../../../test/rx-test-db.ts';
import { DAY, HOUR, MIN, deviceDoc, hourlyDoc, readingDoc, renderDashboard } from './dashboard-test-kit.tsx';

let t: TestDatabase;
let fetchCalls: string[];

beforeEach(async () => {
  t = await createTestDatabase('dashboard');
  // The dashboard reads local data only: any network call would be a bug (and fail offline).
  fetchCalls = [];
  vi.stubGlobal('fetch', (input: unknown) => {
    fetchCalls.push(String(input));
    return Promise.reject(new TypeError('offline'));
  });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await t.destroy();
});

const statsRow = (name: string, table = 'Sur la période') =>
  within(screen.getByRole('table', { name: table })).getByRole('row', { name: new RegExp(name.replace(/[()]/g, '\\$&')) });
const cells = (name: string, table?: string) => within(statsRow(name, table)).getAllByRole('cell').map((c) => c.textContent);

/** The SVG path of a series' line (in one device's chart); each "M" starts a separate stretch of line. */
async function linePath(color: string, device?: string): Promise<string> {
  const scope = device ? `figure[aria-label^="Graphique des mesures de ${device} :"] ` : '';
  return waitFor(() => {
    const path = document.querySelector(`${scope}path.recharts-line-curve[stroke="${color}"]`);
    if (!path) throw new Error(`no line drawn in ${color}${device ? ` for ${device}` : ''}`);
    return path.getAttribute('d') ?? '';
  });
}

/** The y coordinates a line goes through: a horizontal line has one, a zig-zag several. */
function yValues(path: string): Set<number> {
  const numbers = (path.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  return new Set(numbers.filter((_, i) => i % 2 === 1).map((y) => Math.round(y * 10) / 10));
}

describe('Tableau de bord', () => {
  it('welcomes the user and says when there is no data, without any network call', async () => {
    renderDashboard(t.db);
    expect(screen.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeTruthy();
    expect(screen.getByText('Laurent').tagName).toBe('STRONG');
    expect(screen.getByText(/Bienvenue,/)).toBeTruthy();
    await screen.findByText('Aucune donnée capteur pour cette période.');
    expect(screen.getByLabelText('Du')).toBeTruthy();
    expect(screen.getByLabelText('Au')).toBeTruthy();
    expect(fetchCalls).toEqual([]);
  });

  it('draws the four series of the original, breaks the lines at a gap, and sums the range up', async () => {
    const now = t.clock.now();
    await t.db.sensorDevices.insert(deviceDoc('salon', 'Salon'));
    const base = now - 2 * HOUR;
    await t.db.sensorReadings.bulkInsert([
      readingDoc('salon', base, 19),
      readingDoc('salon', base + 30_000, 21),
      readingDoc('salon', base + 60_000, 20),
      // 10 minutes without readings: more than twice the 30 s interval
      readingDoc('salon', base + 11 * MIN, 23),
      readingDoc('salon', base + 11 * MIN + 30_000, null),
    ]);
    renderDashboard(t.db);
    await screen.findByRole('table', { name: 'Sur la période' });
    for (const name of ['Temp. DHT (°C)', 'Temp. NTC (°C)', 'Humidité (%)', 'Luminosité (%)']) {
      await waitFor(() => expect(document.querySelector('.recharts-legend-wrapper')?.textContent).toContain(name));
    }
    const dht = await linePath('#ef4444');
    expect(dht.match(/M/g)).toHaveLength(2);
    expect(await linePath('#f97316')).toBeTruthy();
    expect(await linePath('#3b82f6')).toBeTruthy();
    expect(await linePath('#eab308')).toBeTruthy();
    expect(cells('Temp. DHT (°C)')).toEqual(['19,0 °C', '23,0 °C', '20,8 °C']);
    expect(cells('Humidité (%)')).toEqual(['55,0 %', '55,0 %', '55,0 %']);
  });

  it('updates live when readings arrive, without reloading', async () => {
    const now = t.clock.now();
    await t.db.sensorDevices.insert(deviceDoc('salon', 'Salon'));
    await t.db.sensorReadings.insert(readingDoc('salon', now - HOUR, 18));
    renderDashboard(t.db);
    await waitFor(() => expect(cells('Temp. DHT (°C)')).toEqual(['18,0 °C', '18,0 °C', '18,0 °C']));
    await t.db.sensorReadings.insert(readingDoc('salon', now - HOUR + 30_000, 26));
    await waitFor(() => expect(cells('Temp. DHT (°C)')).toEqual(['18,0 °C', '26,0 °C', '22,0 °C']));
  });

  it('filters by device and by date, and refuses an inverted range', async () => {
    const now = t.clock.now();
    await t.db.sensorDevices.bulkInsert([deviceDoc('salon', 'Salon'), deviceDoc('cave', 'Cave', { status: 'decommissioned' })]);
    await t.db.sensorReadings.bulkInsert([readingDoc('salon', now - HOUR, 20), readingDoc('cave', now - HOUR, 10)]);
    renderDashboard(t.db);
    // both devices have data: one chart and table each (the original merged them)
    await waitFor(() => expect(cells('Temp. DHT (°C)', 'Sur la période : Cave (retiré)')[0]).toBe('10,0 °C'));
    expect(cells('Temp. DHT (°C)', 'Sur la période : Salon')[0]).toBe('20,0 °C');
    const select = screen.getByLabelText('Capteur');
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Tous les capteurs', 'Salon', 'Cave (retiré)']);
    fireEvent.change(select, { target: { value: 'salon' } });
    await waitFor(() => expect(cells('Temp. DHT (°C)')).toEqual(['20,0 °C', '20,0 °C', '20,0 °C']));

    const from = screen.getByLabelText<HTMLInputElement>('Du');
    const to = screen.getByLabelText<HTMLInputElement>('Au');
    fireEvent.change(from, { target: { value: '2020-01-02' } });
    fireEvent.change(to, { target: { value: '2020-01-01' } });
    expect((await screen.findByRole('alert')).textContent).toBe('La date « Du » doit précéder la date « Au ».');
    fireEvent.change(to, { target: { value: '2020-01-03' } });
    await screen.findByText('Aucune donnée capteur pour cette période.');
  });

  it('under "Tous les capteurs", draws one chart per device: no zig-zag between devices, and a gap of one device stays a gap while another reports', async () => {
    const now = t.clock.now();
    await t.db.sensorDevices.bulkInsert([deviceDoc('salon', 'Salon'), deviceDoc('cave', 'Cave', { intervalSeconds: 60 })]);
    const base = now - 2 * HOUR;
    const docs = [];
    // the cave reports every 60 s for 20 minutes without a break, at 12 °C
    for (let i = 0; i <= 20; i++) docs.push(readingDoc('cave', base + i * MIN + 15_000, 12));
    // the salon, every 30 s at 21 °C, falls silent for 8 minutes (more than twice its 30 s)
    for (let i = 0; i < 6; i++) docs.push(readingDoc('salon', base + i * 30_000, 21));
    for (let i = 0; i < 6; i++) docs.push(readingDoc('salon', base + 11 * MIN + i * 30_000, 21));
    await t.db.sensorReadings.bulkInsert(docs);
    renderDashboard(t.db);

    const section = within(screen.getByRole('region', { name: 'Données capteurs' }));
    await waitFor(() => expect(document.querySelectorAll('figure.sensor-chart')).toHaveLength(2));
    expect(section.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Cave', 'Salon']);
    expect(section.getByRole('region', { name: 'Salon' })).toBeTruthy();
    expect([...document.querySelectorAll('figure.sensor-chart')].map((f) => f.getAttribute('aria-label')?.split(' :')[0])).toEqual([
      'Graphique des mesures de Cave',
      'Graphique des mesures de Salon',
    ]);
    // each chart's data comes from its device only: a flat line at that device's temperature
    const salon = await linePath('#ef4444', 'Salon');
    const cave = await linePath('#ef4444', 'Cave');
    expect(yValues(salon).size).toBe(1);
    expect(yValues(cave).size).toBe(1);
    // the salon's silence is a gap although the cave kept reporting through it; the cave has none
    expect(salon.match(/M/g)).toHaveLength(2);
    expect(cave.match(/M/g)).toHaveLength(1);
    // and each device's own min / max / average
    expect(cells('Temp. DHT (°C)', 'Sur la période : Salon')).toEqual(['21,0 °C', '21,0 °C', '21,0 °C']);
    expect(cells('Temp. DHT (°C)', 'Sur la période : Cave')).toEqual(['12,0 °C', '12,0 °C', '12,0 °C']);

    // one device chosen: one chart, no device heading
    fireEvent.change(screen.getByLabelText('Capteur'), { target: { value: 'salon' } });
    await waitFor(() => expect(document.querySelectorAll('figure.sensor-chart')).toHaveLength(1));
    expect(section.queryByRole('heading', { level: 3 })).toBeNull();
    expect(cells('Temp. DHT (°C)')).toEqual(['21,0 °C', '21,0 °C', '21,0 °C']);
  });

  it('answers older ranges from hourly rollups, and prunes raw readings past 7 days', async () => {
    const now = t.clock.now();
    await t.db.sensorDevices.insert(deviceDoc('salon', 'Salon'));
    const oldHour = now - 10 * DAY - ((now - 10 * DAY) % HOUR);
    await t.db.sensorReadings.bulkInsert([
      hourlyDoc('salon', oldHour, 15, 12, 19, 120),
      // a raw reading past the 7-day window: gone from the device once the dashboard opens
      readingDoc('salon', now - 8 * DAY, 30),
    ]);
    renderDashboard(t.db);
    await waitFor(async () => expect(await t.db.sensorReadings.find({ selector: { kind: 'raw' } }).exec()).toHaveLength(0));
    const day = new Date(oldHour);
    const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    fireEvent.change(screen.getByLabelText('Du'), { target: { value: iso } });
    await waitFor(() => expect(cells('Temp. DHT (°C)')).toEqual(['12,0 °C', '19,0 °C', '15,0 °C']));
    expect(await t.db.sensorReadings.find({ selector: { kind: '1h' } }).exec()).toHaveLength(1);
  });
});
