import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createTestDatabase, type TestDatabase } from '../../../test/rx-test-db.ts';
import { DirtyFormContext, DirtyFormRegistry } from '../../app/dirty-forms.ts';
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

/** The section under a real (memory) router at `url`, as the dashboard mounts it. */
function renderSection(
  opts: {
    online?: boolean;
    enrol?: (input: { name: string; intervalSeconds: number }) => Promise<Enrolment>;
    registry?: DirtyFormRegistry;
    url?: string;
  } = {},
) {
  const enrol = vi.fn(opts.enrol ?? ((input: { name: string; intervalSeconds: number }) => Promise.resolve(enrolment(input.name, input.intervalSeconds))));
  const element = (
    <DirtyFormContext value={opts.registry ?? new DirtyFormRegistry()}>
      <DevicesSection db={t.db} now={t.clock.now()} online={opts.online ?? true} enrol={enrol} />
    </DirtyFormContext>
  );
  const router = createMemoryRouter([{ path: '/dashboard', element }], { initialEntries: [opts.url ?? '/dashboard'] });
  render(<RouterProvider router={router} />);
  return Object.assign(enrol, { router });
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

  it('opens the edit form of the device the sync panel asks for, also while the page is open, and focuses its name', async () => {
    await t.db.sensorDevices.bulkInsert([device('salon', 'Salon'), device('cave', 'Cave')]);
    const { router } = renderSection({ url: '/dashboard?corriger=salon' });
    const salon = await screen.findByRole('listitem', { name: /Salon/ });
    await waitFor(() => expect(document.activeElement).toBe(within(salon).getByLabelText('Nom')));
    expect(within(item('Cave')).queryByLabelText('Nom')).toBeNull();

    // A second "Corriger", for another device, while the dashboard is open.
    await act(() => router.navigate('/dashboard?corriger=cave'));
    const caveName = within(item('Cave')).getByLabelText<HTMLInputElement>('Nom');
    expect(caveName.value).toBe('Cave');
    await waitFor(() => expect(document.activeElement).toBe(caveName));

    // The same link again after the user moved on: back to that form, what was typed kept.
    fireEvent.change(caveName, { target: { value: 'Cave (nord)' } });
    within(item('Salon')).getByLabelText('Nom').focus();
    await act(() => router.navigate('/dashboard?corriger=cave'));
    await waitFor(() => expect(document.activeElement).toBe(caveName));
    expect(caveName.value).toBe('Cave (nord)');
  });

  it('says so politely when the device to correct is no longer on this device', async () => {
    await t.db.sensorDevices.insert(device('salon', 'Salon'));
    const { router } = renderSection();
    await screen.findByRole('listitem', { name: /Salon/ });
    expect(screen.queryByText(/n’est plus sur cet appareil/)).toBeNull();
    await act(() => router.navigate('/dashboard?corriger=gone'));
    const notice = await screen.findByText(/Le capteur à corriger n’est plus sur cet appareil/);
    expect(notice.getAttribute('role')).toBe('status');
    expect(within(item('Salon')).queryByLabelText('Nom')).toBeNull();
  });

  it('shows each board’s connection as it last announced it, and follows it live', async () => {
    const now = t.clock.now();
    const today = new Date(now);
    // earlier today (the start of the day itself, run just after midnight)
    const earlierToday = Math.max(new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime(), now - 5 * 60_000);
    const hhmm = (ms: number) => new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' }).format(ms);
    const lastWeek = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6, 14, 32).getTime();
    await t.db.sensorDevices.bulkInsert([
      device('salon', 'Salon', { connectionStatus: 'online', connectionChangedAt: now - 60_000 }),
      device('cave', 'Cave', { connectionStatus: 'offline', connectionChangedAt: earlierToday }),
      device('grenier', 'Grenier', { connectionStatus: 'offline', connectionChangedAt: lastWeek }),
      device('neuf', 'Neuf'),
      device('vieux', 'Vieux', { status: 'decommissioned', connectionStatus: 'offline', connectionChangedAt: lastWeek }),
    ]);
    renderSection();
    await screen.findByRole('listitem', { name: /Salon/ });
    expect(within(item('Salon')).getByText('En ligne')).toBeTruthy();
    expect(within(item('Cave')).getByText(`Hors ligne (depuis ${hhmm(earlierToday)})`)).toBeTruthy();
    const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long' }).format(lastWeek);
    expect(within(item('Grenier')).getByText(`Hors ligne (depuis le ${day} à 14:32)`)).toBeTruthy();
    // never heard, or retired: no connection shown
    expect(within(item('Neuf')).queryByText(/En ligne|Hors ligne/)).toBeNull();
    expect(within(item('Vieux')).queryByText(/En ligne|Hors ligne/)).toBeNull();

    // a pulled change of the document (the relay heard the last will) shows at once
    await (await t.db.sensorDevices.findOne('salon').exec())!.incrementalPatch({ connectionStatus: 'offline', connectionChangedAt: earlierToday, rev: 2 });
    await waitFor(() => expect(within(item('Salon')).getByText(`Hors ligne (depuis ${hhmm(earlierToday)})`)).toBeTruthy());
  });

  it('holds the update prompt back while the enrolment form has input, until the one-time credentials are dismissed', async () => {
    const registry = new DirtyFormRegistry();
    let answer: (e: Enrolment) => void = () => undefined;
    renderSection({ registry, enrol: () => new Promise<Enrolment>((resolve) => (answer = resolve)) });
    await screen.findByText(/Aucun capteur enrôlé/);
    expect(registry.count()).toBe(0);
    fireEvent.change(screen.getByLabelText('Nom'), { target: { value: 'Jardin' } });
    expect(registry.count()).toBe(1);
    fireEvent.change(screen.getByLabelText('Nom'), { target: { value: '  ' } });
    expect(registry.count()).toBe(0);
    fireEvent.change(screen.getByLabelText('Intervalle (secondes)'), { target: { value: '60' } });
    expect(registry.count()).toBe(1);
    fireEvent.change(screen.getByLabelText('Nom'), { target: { value: 'Jardin' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enrôler' }));
    // the request is out: its answer carries the only copy of the password
    answer(enrolment('Jardin', 60));
    await screen.findByRole('region', { name: /Identifiants de « Jardin/ });
    expect(registry.count()).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'J’ai noté ces informations' }));
    await waitFor(() => expect(registry.count()).toBe(0));
    // the form is back, empty
    expect(screen.getByLabelText<HTMLInputElement>('Nom').value).toBe('');
  });

  it('holds the update prompt back while a device edit differs from the device', async () => {
    const registry = new DirtyFormRegistry();
    await t.db.sensorDevices.insert(device('salon', 'Salon'));
    renderSection({ registry });
    const li = await screen.findByRole('listitem', { name: /Salon/ });
    fireEvent.click(within(li).getByRole('button', { name: 'Modifier Salon' }));
    expect(registry.count()).toBe(0); // opened, nothing changed
    fireEvent.change(within(li).getByLabelText('Intervalle (secondes)'), { target: { value: '90' } });
    expect(registry.count()).toBe(1);
    fireEvent.click(within(li).getByRole('button', { name: 'Annuler' }));
    expect(registry.count()).toBe(0);
    fireEvent.click(within(li).getByRole('button', { name: 'Modifier Salon' }));
    fireEvent.change(within(li).getByLabelText('Nom'), { target: { value: 'Salon (sud)' } });
    expect(registry.count()).toBe(1);
    fireEvent.click(within(li).getByRole('button', { name: 'Enregistrer' }));
    // saved locally (replicates later): nothing unsaved any more
    await waitFor(() => expect(registry.count()).toBe(0));
    expect((await stored('salon')).name).toBe('Salon (sud)');
  });
});
