import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createTestDatabase, type TestDatabase } from '../../../test/rx-test-db.ts';
import { recordRejection } from '../../db/sync-issues.ts';
import { ApiError } from '../../lib/api-error.ts';
import { DevicesSection } from './devices-section.tsx';
import type { Enrolment } from './devices-actions.ts';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase('devices');
});
afterEach(async () => {
  await t.destroy();
});

const synced = { rev: 1, updatedAt: 1, writeId: null, pendingAt: null };
const device = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  mqttUsername: `${id}-k3x9qp`,
  intervalSeconds: 30,
  status: 'active' as const,
  lastSeenAt: null,
  connectionStatus: null,
  connectionChangedAt: null,
  createdAt: 1,
  ...synced,
  ...extra,
});

/** What POST /api/sensors/devices answers (shape of sync-server/src/features/sensors/sensors.routes.ts). */
function enrolment(name: string, intervalSeconds: number): Enrolment {
  return {
    device: { id: 'new-device', name, mqttUsername: 'jardin-k3x9qp', intervalSeconds },
    username: 'jardin-k3x9qp',
    password: 'Zq3-secret-password-shown-once',
    broker: { host: 'mqtt.example.org', port: 8883, tls: true },
    provisioning: { filename: 'credentials.h', mediaType: 'text/x-c', content: '#define ITERCRAFT_MQTT_USERNAME "jardin-k3x9qp"\n' },
  };
}

function renderSection(opts: { online?: boolean; enrol?: (input: { name: string; intervalSeconds: number }) => Promise<Enrolment> } = {}) {
  const enrol = vi.fn(opts.enrol ?? ((input: { name: string; intervalSeconds: number }) => Promise.resolve(enrolment(input.name, input.intervalSeconds))));
  render(<DevicesSection db={t.db} now={t.clock.now()} online={opts.online ?? true} enrol={enrol} />);
  return enrol;
}

const item = (name: string) => screen.getByRole('listitem', { name: new RegExp(name) });
const stored = async (id: string) => (await t.db.sensorDevices.findOne(id).exec())!.toJSON();

describe('Mes capteurs', () => {
  it('says when there is no device, and that enrolment needs the network when offline', async () => {
    renderSection({ online: false });
    await screen.findByText(/Aucun capteur enrôlé/);
    fireEvent.change(screen.getByLabelText('Nom'), { target: { value: 'Jardin' } });
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Enrôler' }).disabled).toBe(true);
    expect(screen.getByText(/nécessite une connexion/)).toBeTruthy();
  });

  it('enrols a device and shows its credentials once, with the provisioning file and a warning', async () => {
    const enrol = renderSection();
    fireEvent.change(screen.getByLabelText('Nom'), { target: { value: '  Jardin ' } });
    fireEvent.change(screen.getByLabelText('Intervalle (secondes)'), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enrôler' }));
    const panel = await screen.findByRole('region', { name: /Identifiants de « Jardin/ });
    expect(enrol).toHaveBeenCalledWith({ name: '  Jardin ', intervalSeconds: 60 });
    expect(within(panel).getByText('jardin-k3x9qp')).toBeTruthy();
    expect(within(panel).getByText('Zq3-secret-password-shown-once')).toBeTruthy();
    expect(within(panel).getByRole('alert').textContent).toMatch(/il ne sera plus jamais affiché/);
    expect(within(panel).getByText('mqtt.example.org:8883')).toBeTruthy();
    const link = within(panel).getByRole('link', { name: 'Télécharger credentials.h' });
    expect(link.getAttribute('download')).toBe('credentials.h');
    expect(link.getAttribute('href')).toMatch(/^blob:/);
    fireEvent.click(within(panel).getByRole('button', { name: 'J’ai noté ces informations' }));
    await waitFor(() => expect(screen.queryByText('Zq3-secret-password-shown-once')).toBeNull());
    expect(screen.getByRole('button', { name: 'Enrôler' })).toBeTruthy();
  });

  it('checks the name and interval before asking the server, and shows the server’s refusal', async () => {
    await t.db.sensorDevices.insert(device('salon', 'Salon'));
    const enrol = renderSection({ enrol: () => Promise.reject(new ApiError('client', 409, 'DUPLICATE', 'Un capteur porte déjà ce nom : choisissez-en un autre.')) });
    await screen.findByRole('listitem', { name: /Salon/ });
    fireEvent.change(screen.getByLabelText('Nom'), { target: { value: 'salon' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enrôler' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Un capteur porte déjà ce nom : choisissez-en un autre.');
    fireEvent.change(screen.getByLabelText('Nom'), { target: { value: 'Cave' } });
    fireEvent.change(screen.getByLabelText('Intervalle (secondes)'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enrôler' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/entre 10 et 86400/));
    expect(enrol).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Intervalle (secondes)'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enrôler' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Un capteur porte déjà ce nom : choisissez-en un autre.'));
    expect(enrol).toHaveBeenCalledTimes(1);
  });

  it('renames and changes the interval locally, visibly pending until the server confirms', async () => {
    await t.db.sensorDevices.insert(device('salon', 'Salon', { lastSeenAt: t.clock.now() - 5 * 60_000 }));
    renderSection();
    const li = await screen.findByRole('listitem', { name: /Salon/ });
    expect(within(li).getByText(/il y a 5 minutes/)).toBeTruthy();
    fireEvent.click(within(li).getByRole('button', { name: 'Modifier Salon' }));
    fireEvent.change(within(li).getByLabelText('Nom'), { target: { value: 'Salon (sud)' } });
    fireEvent.change(within(li).getByLabelText('Intervalle (secondes)'), { target: { value: '120' } });
    fireEvent.click(within(li).getByRole('button', { name: 'Enregistrer' }));
    await waitFor(async () => expect(await stored('salon')).toMatchObject({ name: 'Salon (sud)', intervalSeconds: 120, status: 'active' }));
    expect((await stored('salon')).pendingAt).not.toBeNull();
    await waitFor(() => expect(within(item('Salon \\(sud\\)')).getByRole('img', { name: 'Non synchronisé' })).toBeTruthy());
  });

  it('decommissions only after confirmation, for good', async () => {
    await t.db.sensorDevices.insert(device('salon', 'Salon'));
    renderSection();
    const li = await screen.findByRole('listitem', { name: /Salon/ });
    fireEvent.click(within(li).getByRole('button', { name: 'Retirer Salon' }));
    const dialog = await screen.findByRole('dialog', { name: 'Retirer « Salon » ?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect((await stored('salon')).status).toBe('active');
    fireEvent.click(within(li).getByRole('button', { name: 'Retirer Salon' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Retirer « Salon » ?' })).getByRole('button', { name: 'Retirer définitivement' }));
    await waitFor(async () => expect((await stored('salon')).status).toBe('decommissioned'));
    await waitFor(() => expect(within(item('Salon')).getByText('Retiré')).toBeTruthy());
    expect(within(item('Salon')).queryByRole('button', { name: 'Retirer Salon' })).toBeNull();
  });

  it('shows why the server refused a change to a device', async () => {
    await t.db.sensorDevices.insert(device('salon', 'Salon'));
    const doc = { ...(await stored('salon')), deleted: false } as never;
    await recordRejection(t.db, 'sensorDevices', { newDocumentState: doc, assumedMasterState: doc }, { code: 'CONFLICT', reason: 'Ce document entre en conflit avec un autre (doublon)' });
    renderSection();
    const li = await screen.findByRole('listitem', { name: /Salon/ });
    await waitFor(() => expect(within(li).getByRole('alert').textContent).toBe('Modification refusée par le serveur : Ce document entre en conflit avec un autre (doublon)'));
  });
});
