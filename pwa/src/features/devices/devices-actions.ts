/**
 * What the user does with a device. Enrolment needs the server (it issues the broker
 * credentials); renaming, changing the interval and decommissioning are local writes that
 * replicate like any other, offline included.
 */
import type { ApiClient } from '../../lib/api-client.ts';
import type { AppDatabase, LocalDoc } from '../../db/collections.ts';
import { patchDocument } from '../../db/write.ts';

export type DeviceDoc = LocalDoc<'sensorDevices'>;

/** The server's answer to an enrolment: the only time the password is ever shown. */
export interface Enrolment {
  device: { id: string; name: string; mqttUsername: string; intervalSeconds: number };
  username: string;
  password: string;
  broker: { host: string; port: number; tls: boolean };
  provisioning: { filename: string; mediaType: string; content: string };
}

/** Interval bounds: the firmware's `interval` command (10 s to a day). */
export const INTERVAL_MIN_S = 10;
export const INTERVAL_MAX_S = 86_400;

/** Checks a name and an interval as the server would; a French message, or null when fine. */
export function validateDevice(name: string, intervalSeconds: number, devices: readonly DeviceDoc[], selfId?: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'Donnez un nom au capteur.';
  if (trimmed.length > 100) return 'Le nom ne peut pas dépasser 100 caractères.';
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < INTERVAL_MIN_S || intervalSeconds > INTERVAL_MAX_S) {
    return `L’intervalle doit être un nombre entier de secondes entre ${INTERVAL_MIN_S} et ${INTERVAL_MAX_S}.`;
  }
  const taken = devices.some((d) => d.id !== selfId && d.name.trim().toLocaleLowerCase('fr') === trimmed.toLocaleLowerCase('fr'));
  return taken ? 'Un capteur porte déjà ce nom : choisissez-en un autre.' : null;
}

export function enrolDevice(api: ApiClient, input: { name: string; intervalSeconds: number }): Promise<Enrolment> {
  return api.post<Enrolment>('/api/sensors/devices', { name: input.name.trim(), intervalSeconds: input.intervalSeconds });
}

export async function updateDevice(db: AppDatabase, id: string, patch: { name: string; intervalSeconds: number }): Promise<void> {
  await patchDocument(db.sensorDevices, id, { name: patch.name.trim(), intervalSeconds: patch.intervalSeconds });
}

/** Final: the server revokes the broker password and drops the device's further readings. */
export async function decommissionDevice(db: AppDatabase, id: string): Promise<void> {
  await patchDocument(db.sensorDevices, id, { status: 'decommissioned' });
}

const relative = new Intl.RelativeTimeFormat('fr-FR', { numeric: 'auto' });

/** "Dernière mesure il y a 3 minutes", or that none came yet. */
export function lastSeenText(lastSeenAt: number | null, now: number): string {
  if (lastSeenAt === null) return 'Aucune mesure reçue pour l’instant';
  const minutes = Math.round((lastSeenAt - now) / 60_000);
  // lastSeenAt moves at most once a minute on the server
  if (Math.abs(minutes) < 2) return 'Dernière mesure à l’instant';
  if (Math.abs(minutes) < 60) return `Dernière mesure ${relative.format(minutes, 'minute')}`;
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return `Dernière mesure ${relative.format(hours, 'hour')}`;
  return `Dernière mesure ${relative.format(Math.round(hours / 24), 'day')}`;
}

const clock = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });
const dayAndClock = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

function sameLocalDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/**
 * The board's connection as it last announced it (its last will says offline): "En ligne",
 * "Hors ligne (depuis 14:32)" / "(depuis le 3 février à 14:32)", or null when it never said.
 */
export function connectionText(device: Pick<DeviceDoc, 'connectionStatus' | 'connectionChangedAt'>, now: number): { online: boolean; text: string } | null {
  if (device.connectionStatus === null) return null;
  if (device.connectionStatus === 'online') return { online: true, text: 'En ligne' };
  const since = device.connectionChangedAt;
  if (since === null) return { online: false, text: 'Hors ligne' };
  const when = sameLocalDay(since, now) ? clock.format(since) : `le ${dayAndClock.format(since)}`;
  return { online: false, text: `Hors ligne (depuis ${when})` };
}
