/**
 * Tableau de bord in Chromium on the real stack (`npm start`'s embedded PostgreSQL schema, OIDC
 * and aedes broker): enrol a device in the page, publish readings as the device over MQTT, see
 * them arrive live in the chart and the table (a gap drawn as a gap), reload offline and still
 * see them, decommission the device and see its further readings and logins refused.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sensorTopic } from '@itercraft/shared/mqtt/topics';
import { readingJson } from '../sync-server/src/features/sensors/sensors.test-helpers.ts';
import { freePort } from '../sync-server/src/embedded/free-port.ts';
import { launchBrowser, newContext, signInFromHome, type Stack, startStack } from './harness.ts';
import { runAxe, seriousViolations, waitForServiceWorkerControl } from './pwa-shell.ts';

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let brokerUrl: string;
const devices: MqttClient[] = [];

beforeAll(async () => {
  const mqttPort = await freePort();
  brokerUrl = `mqtt://127.0.0.1:${mqttPort}`;
  stack = await startStack({ env: { EMBEDDED_MQTT_PORT: String(mqttPort) } });
  browser = await launchBrowser();
  context = await newContext(browser, stack);
  page = await context.newPage();
  await signInFromHome(page, stack);
  await waitForServiceWorkerControl(page);
});
afterAll(async () => {
  await Promise.all(devices.map((d) => d.endAsync(true).catch(() => undefined)));
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

const statsCells = (series: string) => page.getByRole('table', { name: 'Sur la période' }).getByRole('row', { name: new RegExp(series.replace(/[()]/g, '\\$&')) }).getByRole('cell');
const dhtPath = () => page.locator('path.recharts-line-curve[stroke="#ef4444"]').first().getAttribute('d');

describe('Tableau de bord', () => {
  let username = '';
  let password = '';
  let device: MqttClient;

  it('enrols a device in the page and shows its credentials once', async () => {
    await page.goto('/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    expect(await page.locator('.dashboard-welcome').textContent()).toBe('Bienvenue, laurent');
    await page.getByText('Aucune donnée capteur pour cette période.').waitFor({ timeout: 20_000 });

    await page.getByLabel('Nom', { exact: true }).fill('Station du jardin');
    await page.getByLabel('Intervalle (secondes)').fill('30');
    await page.getByRole('button', { name: 'Enrôler' }).click();
    const panel = page.getByRole('region', { name: 'Identifiants de « Station du jardin »' });
    await panel.waitFor({ timeout: 15_000 });
    const codes = await panel.locator('dd code').allTextContents();
    [username, password] = [codes[0]!, codes[1]!];
    expect(username).toMatch(/^station-du-jardin-[a-z2-9]{6}$/);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const download = panel.getByRole('link', { name: 'Télécharger credentials.h' });
    expect(await download.getAttribute('download')).toBe('credentials.h');
    expect(seriousViolations(await runAxe(page))).toEqual([]);
    await panel.getByRole('button', { name: 'J’ai noté ces informations' }).click();
    await expect.poll(() => page.getByText(password).count()).toBe(0);
    await page.getByRole('listitem', { name: /Station du jardin/ }).waitFor({ timeout: 20_000 });
  });

  it('shows the device’s readings live, with a gap drawn as a gap', async () => {
    device = await mqtt.connectAsync(brokerUrl, { username, password, reconnectPeriod: 0 });
    devices.push(device);
    const now = Date.now();
    for (const [at, t] of [[now - 5 * 60_000, 18], [now - 4.5 * 60_000, 22], [now - 4 * 60_000, 20]] as const) {
      await device.publishAsync(sensorTopic(username), readingJson(at, { dht_temperature: t }), { qos: 1 });
    }
    await expect.poll(() => statsCells('Temp. DHT (°C)').allTextContents(), { timeout: 20_000 }).toEqual(['18,0 °C', '22,0 °C', '20,0 °C']);
    await expect.poll(async () => (await dhtPath())?.match(/M/g)?.length, { timeout: 10_000 }).toBe(1);
    // three minutes of silence (interval 30 s), then two more readings: a second stretch of line
    await device.publishAsync(sensorTopic(username), readingJson(now - 60_000, { dht_temperature: 24 }), { qos: 1 });
    await device.publishAsync(sensorTopic(username), readingJson(now - 30_000, { dht_temperature: 26 }), { qos: 1 });
    await expect.poll(() => statsCells('Temp. DHT (°C)').allTextContents(), { timeout: 20_000 }).toEqual(['18,0 °C', '26,0 °C', '22,0 °C']);
    await expect.poll(async () => (await dhtPath())?.match(/M/g)?.length, { timeout: 10_000 }).toBe(2);
    const legend = await page.locator('.recharts-legend-wrapper').textContent();
    for (const name of ['Temp. DHT (°C)', 'Temp. NTC (°C)', 'Humidité (%)', 'Luminosité (%)']) expect(legend).toContain(name);
    expect(seriousViolations(await runAxe(page))).toEqual([]);
  });

  it('works offline on local data, and catches up when the network is back', async () => {
    await context.setOffline(true);
    const response = await page.reload();
    expect(response === null || response.fromServiceWorker()).toBe(true);
    await expect.poll(() => statsCells('Temp. DHT (°C)').allTextContents(), { timeout: 20_000 }).toEqual(['18,0 °C', '26,0 °C', '22,0 °C']);
    // enrolment needs the server: the form says so instead of failing
    await page.getByLabel('Nom', { exact: true }).fill('Cave');
    expect(await page.getByRole('button', { name: 'Enrôler' }).isDisabled()).toBe(true);
    await page.getByText(/L’enrôlement d’un capteur nécessite une connexion/).waitFor();
    await page.getByLabel('Nom', { exact: true }).fill('');
    await device.publishAsync(sensorTopic(username), readingJson(Date.now() - 10_000, { dht_temperature: 30 }), { qos: 1 });
    await context.setOffline(false);
    await expect.poll(() => statsCells('Temp. DHT (°C)').allTextContents(), { timeout: 30_000 }).toEqual(['18,0 °C', '30,0 °C', '23,3 °C']);
  });

  it('decommissions the device after confirmation: its readings and logins are refused', async () => {
    const item = page.getByRole('listitem', { name: /Station du jardin/ });
    await item.getByRole('button', { name: 'Retirer Station du jardin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retirer « Station du jardin » ?' });
    await dialog.getByRole('button', { name: 'Retirer définitivement' }).click();
    await item.getByText('Retiré').waitFor();
    // synced: the pending mark goes once the server has it
    await expect.poll(() => item.getByRole('img', { name: 'Non synchronisé' }).count(), { timeout: 20_000 }).toBe(0);
    await device.publishAsync(sensorTopic(username), readingJson(Date.now() - 5_000, { dht_temperature: 40 }), { qos: 1 });
    await page.waitForTimeout(3_000);
    expect(await statsCells('Temp. DHT (°C)').allTextContents()).toEqual(['18,0 °C', '30,0 °C', '23,3 °C']);
    await expect(mqtt.connectAsync(brokerUrl, { username, password, reconnectPeriod: 0 })).rejects.toThrow(/Bad username or password/i);
  });
});
