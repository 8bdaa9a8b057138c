/** Helpers shared by the sensors tests, the end-to-end test and the benchmark (not a test file). */
import type { SensorDeviceWire } from './devices.repo.ts';
import type { ProvisioningFile } from './provisioning.ts';

export interface EnrolResponse {
  device: SensorDeviceWire;
  username: string;
  password: string;
  broker: { host: string; port: number; tls: boolean };
  provisioning: ProvisioningFile;
}

/** The double-submit pair a browser would hold: the cookie from a safe request, echoed in a header. */
export async function csrfPair(baseUrl: string, token: string): Promise<{ cookie: string; header: string }> {
  const res = await fetch(`${baseUrl}/api/sensors/data`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  const value = /XSRF-TOKEN=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!value) throw new Error(`no XSRF-TOKEN cookie (status ${res.status})`);
  return { cookie: `XSRF-TOKEN=${value}`, header: value };
}

export async function enrolRaw(baseUrl: string, token: string, body: unknown): Promise<Response> {
  const { cookie, header } = await csrfPair(baseUrl, token);
  return fetch(`${baseUrl}/api/sensors/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', cookie, 'x-xsrf-token': header },
    body: JSON.stringify(body),
  });
}

/** Enrols a device through the REST endpoint, as the PWA does. */
export async function enrol(baseUrl: string, token: string, name: string, intervalSeconds = 30): Promise<EnrolResponse> {
  const res = await enrolRaw(baseUrl, token, { name, intervalSeconds });
  if (res.status !== 201) throw new Error(`enrol → ${res.status} ${await res.text()}`);
  return (await res.json()) as EnrolResponse;
}

/** A reading in the original firmware's JSON. */
export function readingJson(measuredAt: number, values: Partial<Record<'dht_temperature' | 'dht_humidity' | 'ntc_temperature' | 'luminosity', number | null>> = {}, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    timestamp: new Date(measuredAt).toISOString(),
    device: 'meteoStation_1',
    dht_temperature: 20.7,
    dht_humidity: 52,
    ntc_temperature: 21.1,
    luminosity: 77,
    ...values,
    ...extra,
  });
}
