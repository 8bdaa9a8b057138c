import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { newPrivateActivity } from '@itercraft/shared/maintenance/activity.rules';
import { createTestDatabase, type TestDatabase } from '../../../test/rx-test-db.ts';
import { recordRejection } from '../../db/sync-issues.ts';
import { MIN, PISCINE, TONDEUSE, USER, renderEntretien, seedServices, syncedSession } from './entretien-test-kit.tsx';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase('entretien');
  await seedServices(t.db);
});
afterEach(async () => {
  await t.destroy();
});

const card = (label: string) => screen.getByRole('region', { name: label });
const liveSessions = async () => (await t.db.maintenanceSessions.find().exec()).map((d) => d.toJSON());

describe('Entretien page', () => {
  it('shows the activities sorted by label with idle timers, today and the totals table', async () => {
    renderEntretien(t.db);
    await screen.findByRole('region', { name: 'Nettoyer la piscine' });
    const labels = screen.getAllByRole('heading', { level: 3 }).slice(0, 3).map((h) => h.textContent);
    expect(labels).toEqual(['Nettoyer la piscine', 'Passer la tondeuse', 'Passer le Karcher']);
    expect(within(card('Passer la tondeuse')).getByRole('timer').textContent).toBe('--:--:--');
    expect(within(card('Passer la tondeuse')).getByText("Aujourd'hui : 0min")).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Temps total' });
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Activité', 'Jour', 'Semaine', 'Mois', 'Année']);
    expect(within(table).getByRole('rowheader', { name: 'Total' })).toBeTruthy();
  });

  it('starts and stops a session locally, stamped in server time, visibly pending', async () => {
    renderEntretien(t.db);
    const mow = await screen.findByRole('region', { name: 'Passer la tondeuse' });
    fireEvent.click(within(mow).getByRole('button', { name: /Démarrer/ }));
    await waitFor(() => expect(within(mow).getByRole('button', { name: /Stop/ })).toBeTruthy());
    await waitFor(() => expect(within(mow).getByRole('timer').textContent).toMatch(/^00:00:0\d$/));
    expect(within(mow).getByRole('img', { name: 'Non synchronisé' })).toBeTruthy();
    const [running] = await liveSessions();
    expect(running).toMatchObject({ serviceId: TONDEUSE, endedAt: null });
    expect(Math.abs(running!.startedAt - t.clock.now())).toBeLessThan(2000);
    expect(running!.pendingAt).not.toBeNull();
    expect(within(mow).getByText("1 session en attente d'envoi")).toBeTruthy();
    fireEvent.click(within(mow).getByRole('button', { name: /Stop/ }));
    await waitFor(async () => expect((await liveSessions())[0]).toMatchObject({ durationMinutes: 0 }));
    expect(within(mow).getByRole('timer').textContent).toBe('--:--:--');
    // Stopped and still unsent: the card says so, without opening the history.
    expect(within(mow).getByText("1 session en attente d'envoi")).toBeTruthy();
    expect(within(mow).getByRole('img', { name: 'Non synchronisé' })).toBeTruthy();
  });

  it("counts a card's unsynced stopped sessions, not the synced nor the refused ones", async () => {
    const now = t.clock.now();
    const unsent = (id: string, start: number) => ({ ...syncedSession(id, PISCINE, start, start + 10 * MIN), rev: 0, writeId: `w-${id}`, pendingAt: now });
    await t.db.maintenanceSessions.bulkInsert([
      unsent('p1', now - 3 * 60 * MIN),
      unsent('p2', now - 2 * 60 * MIN),
      unsent('refused', now - 90 * MIN),
      // Older than the cards' window: counted once the whole history is read.
      unsent('old', now - 40 * 24 * 60 * MIN),
      syncedSession('done', PISCINE, now - 60 * MIN, now - 50 * MIN),
      syncedSession('mow', TONDEUSE, now - 60 * MIN, now - 50 * MIN),
    ]);
    const { pendingAt: _p, ...wire } = unsent('refused', now - 90 * MIN);
    await recordRejection(t.db, 'maintenanceSessions', { newDocumentState: { ...wire, deleted: false } }, { code: 'X', reason: 'Refusée pour le test' });
    renderEntretien(t.db);
    const pool = await screen.findByRole('region', { name: 'Nettoyer la piscine' });
    await waitFor(() => expect(within(pool).getByText("3 sessions en attente d'envoi")).toBeTruthy());
    expect(within(card('Passer la tondeuse')).queryByText(/en attente d'envoi/)).toBeNull();
    expect(within(card('Passer la tondeuse')).queryByRole('img', { name: 'Non synchronisé' })).toBeNull();
  });

  it('warns from 3 h 30 with the time left before the auto-stop', async () => {
    const now = t.clock.now();
    await t.db.maintenanceSessions.insert(syncedSession('long', PISCINE, now - 210 * MIN - 5000, null));
    renderEntretien(t.db);
    const pool = await screen.findByRole('region', { name: 'Nettoyer la piscine' });
    await waitFor(() => expect(within(pool).getByText('Arrêt auto dans 30min')).toBeTruthy());
    expect(pool.className).toContain('is-warning');
    expect(within(pool).getByText("Aujourd'hui : 3h30", { exact: false })).toBeTruthy();
  });

  it('auto-stops a session past 4 h on the device, marks it (auto) and lets the user correct its end', async () => {
    // A whole minute, so that the minute-precision input gives exactly 95 minutes.
    const start = Math.floor(t.clock.now() / MIN) * MIN - 5 * 60 * MIN;
    await t.db.maintenanceSessions.insert(syncedSession('overdue', TONDEUSE, start, null));
    renderEntretien(t.db);
    await waitFor(async () => expect((await liveSessions())[0]).toMatchObject({ endedAt: start + 240 * MIN, autoStopped: true, durationMinutes: 240 }));
    const mow = card('Passer la tondeuse');
    expect(within(mow).getByRole('button', { name: /Démarrer/ })).toBeTruthy();

    const toggle = screen.getByRole('button', { name: /Passer la tondeuse.*1 session\(s\)/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const rows = within(screen.getByRole('table', { name: 'Sessions : Passer la tondeuse' })).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('(auto)');
    expect(rows[1]!.textContent).toContain('4h00');

    fireEvent.click(within(rows[1]!).getByRole('button', { name: /Corriger/ }));
    const input = screen.getByLabelText('Nouvelle fin');
    await waitFor(() => expect(document.activeElement).toBe(input));
    const d = new Date(start + 95 * MIN);
    const pad = (n: number) => String(n).padStart(2, '0');
    fireEvent.change(input, { target: { value: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}` } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(async () => expect((await liveSessions())[0]).toMatchObject({ durationMinutes: 95, autoStopped: true }));
    expect(screen.getByRole('table', { name: 'Sessions : Passer la tondeuse' }).textContent).toContain('(auto)');
  });

  it('refuses an invalid activity label in French and creates a new one, pending, offline', async () => {
    renderEntretien(t.db);
    await screen.findByRole('region', { name: 'Passer la tondeuse' });
    const input = screen.getByPlaceholderText('Nouvelle activité (ex: Jardinage)');
    const add = screen.getByRole('button', { name: 'Ajouter' });
    expect((add as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: 'Passer la Tondeuse' } });
    fireEvent.click(add);
    expect((await screen.findByRole('alert')).textContent).toBe('Une activité avec ce nom existe déjà');
    fireEvent.change(input, { target: { value: '?!' } });
    fireEvent.click(add);
    expect((await screen.findByRole('alert')).textContent).toBe("Le nom de l'activité doit contenir au moins une lettre ou un chiffre");
    fireEvent.change(input, { target: { value: '  Jardinage ' } });
    fireEvent.click(add);
    const garden = await screen.findByRole('region', { name: 'Jardinage' });
    expect(within(garden).getByRole('img', { name: 'Non synchronisé' })).toBeTruthy();
    await waitFor(() => expect((input as HTMLInputElement).value).toBe(''));
    const stored = (await t.db.services.find({ selector: { code: 'jardinage' } }).exec())[0]!.toJSON();
    expect(stored).toMatchObject({ scope: 'private', label: 'Jardinage' });
  });

  it('lists the history newest first with the running session, and deletes a session', async () => {
    const now = t.clock.now();
    await t.db.maintenanceSessions.bulkInsert([
      syncedSession('old', TONDEUSE, now - 50 * 60 * MIN, now - 49 * 60 * MIN),
      syncedSession('run', TONDEUSE, now - 10 * MIN, null),
    ]);
    renderEntretien(t.db);
    const toggle = await screen.findByRole('button', { name: /Passer la tondeuse.*2 session\(s\)/ });
    fireEvent.click(toggle);
    const table = screen.getByRole('table', { name: 'Sessions : Passer la tondeuse' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]!.textContent).toContain('En cours');
    expect(rows[1]!.textContent).toContain('1h00');
    fireEvent.click(within(rows[0]!).getByRole('button', { name: /Supprimer/ }));
    await waitFor(async () => expect((await liveSessions()).map((s) => s.id)).toEqual(['old']));
    expect(document.activeElement).toBe(toggle);
    await waitFor(() => expect(within(card('Passer la tondeuse')).getByRole('timer').textContent).toBe('--:--:--'));
  });
});

describe('a refused session', () => {
  it('is shown with its reason, and the sync panel link ?corriger=<id> opens and focuses it', async () => {
    const now = t.clock.now();
    const bad = { ...syncedSession('bad', PISCINE, now - 30 * MIN, now - 40 * MIN), durationMinutes: 0, rev: 0, writeId: 'w-bad', pendingAt: now };
    await t.db.maintenanceSessions.insert(bad);
    const { pendingAt: _p, ...wire } = bad;
    await recordRejection(t.db, 'maintenanceSessions', { newDocumentState: { ...wire, deleted: false } }, {
      code: 'INVALID_INTERVAL',
      reason: 'La fin de la session précède son début',
    });
    renderEntretien(t.db, 'Europe/Paris', '/entretien?corriger=bad');
    const table = await screen.findByRole('table', { name: 'Sessions : Nettoyer la piscine' });
    await waitFor(() => expect(table.textContent).toContain('Refusée : La fin de la session précède son début'));
    expect(screen.getByRole('button', { name: /Nettoyer la piscine.*session\(s\)/ }).getAttribute('aria-expanded')).toBe('true');
    const row = within(table).getAllByRole('row')[1]!;
    expect(document.activeElement).toBe(within(row).getByRole('button', { name: /Supprimer/ }));
  });
});

/** A session written here that the server refused with `reason`. */
async function refusedSession(id: string, serviceId: string, startedAt: number, reason: string) {
  const doc = { ...syncedSession(id, serviceId, startedAt, startedAt + 10 * MIN), rev: 0, writeId: `w-${id}`, pendingAt: t.clock.now() };
  await t.db.maintenanceSessions.insert(doc);
  const { pendingAt: _p, ...wire } = doc;
  await recordRejection(t.db, 'maintenanceSessions', { newDocumentState: { ...wire, deleted: false } }, { code: 'X', reason });
}

/** A private activity created offline and refused by the server; `keepLocal: false` as if gone from this device. */
async function refusedActivity(label: string, reason: string, keepLocal = true) {
  const doc = { ...newPrivateActivity(USER, label, t.clock.now()), rev: 0, updatedAt: 0, writeId: `w-${label}` };
  if (keepLocal) await t.db.services.insert({ ...doc, pendingAt: t.clock.now() });
  await recordRejection(t.db, 'services', { newDocumentState: { ...doc, deleted: false } }, { code: 'DUPLICATE', reason });
  return doc.id;
}

const openIssues = async () => (await t.db.syncIssues.find({ selector: { status: 'open' } }).exec()).map((i) => i.docId);

describe('the sync panel’s "Corriger" while the page is already open', () => {
  it('opens and focuses another session at each new request, and the same one again', async () => {
    const now = t.clock.now();
    await refusedSession('pool', PISCINE, now - 60 * MIN, 'Refus piscine');
    await refusedSession('mow', TONDEUSE, now - 30 * MIN, 'Refus tondeuse');
    const { router } = renderEntretien(t.db, 'Europe/Paris', '/entretien?corriger=pool');
    const pool = await screen.findByRole('table', { name: 'Sessions : Nettoyer la piscine' });
    await waitFor(() => expect(document.activeElement).toBe(within(pool).getByRole('button', { name: /Supprimer/ })));
    const mowToggle = screen.getByRole('button', { name: /Passer la tondeuse.*session\(s\)/ });
    expect(mowToggle.getAttribute('aria-expanded')).toBe('false');

    await act(() => router.navigate('/entretien?corriger=mow'));
    expect(mowToggle.getAttribute('aria-expanded')).toBe('true');
    const mow = screen.getByRole('table', { name: 'Sessions : Passer la tondeuse' });
    const mowRow = within(mow).getAllByRole('row')[1]!;
    expect(mowRow.textContent).toContain('Refusée : Refus tondeuse');
    await waitFor(() => expect(document.activeElement).toBe(within(mowRow).getByRole('button', { name: /Supprimer/ })));

    // The user closes that item; the same link clicked again opens and focuses it again.
    fireEvent.click(mowToggle);
    expect(mowToggle.getAttribute('aria-expanded')).toBe('false');
    await act(() => router.navigate('/entretien?corriger=mow'));
    expect(mowToggle.getAttribute('aria-expanded')).toBe('true');
    const again = within(screen.getByRole('table', { name: 'Sessions : Passer la tondeuse' })).getAllByRole('row')[1]!;
    await waitFor(() => expect(document.activeElement).toBe(within(again).getByRole('button', { name: /Supprimer/ })));
  });

  it('says so politely when the record is no longer on this device', async () => {
    const { router } = renderEntretien(t.db);
    await screen.findByRole('table', { name: 'Temps total' });
    await act(() => router.navigate('/entretien?corriger=gone'));
    const notice = await screen.findByText(/La modification à corriger n’est plus sur cet appareil/);
    expect(notice.getAttribute('role')).toBe('status');
    await act(() => router.navigate('/entretien'));
    expect(screen.queryByText(/n’est plus sur cet appareil/)).toBeNull();
  });
});

describe('a refused activity', () => {
  it('opens on its card, focused, with the reason instead of the pending mark', async () => {
    const id = await refusedActivity('Jardinage', 'Une activité avec ce nom existe déjà');
    const { router } = renderEntretien(t.db);
    const garden = await screen.findByRole('region', { name: 'Jardinage' });
    await waitFor(() => expect(within(garden).getByRole('note').textContent).toBe('Refusée par le serveur : Une activité avec ce nom existe déjà'));
    expect(within(garden).queryByRole('img', { name: 'Non synchronisé' })).toBeNull();
    expect(document.activeElement).not.toBe(garden);
    await act(() => router.navigate(`/entretien?corriger=${id}`));
    await waitFor(() => expect(document.activeElement).toBe(garden));
    expect(garden.className).toContain('is-target');
  });

  it('no longer on this device: its name comes back in "Nouvelle activité" with the reason, and the fixed one replaces the refusal', async () => {
    const id = await refusedActivity('Jardinage', 'Une activité avec ce nom existe déjà', false);
    const { router } = renderEntretien(t.db);
    const input = await screen.findByRole<HTMLInputElement>('textbox', { name: 'Nouvelle activité' });
    expect(input.value).toBe('');
    await act(() => router.navigate(`/entretien?corriger=${id}`));
    await waitFor(() => expect(input.value).toBe('Jardinage'));
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const refusal = screen.getByRole('alert');
    expect(refusal.textContent).toBe(
      'L’activité « Jardinage » a été refusée par le serveur : Une activité avec ce nom existe déjà. Corrigez son nom puis ajoutez-la.',
    );
    expect(input.getAttribute('aria-describedby')).toBe(refusal.id);
    expect(await openIssues()).toEqual([id]);

    fireEvent.change(input, { target: { value: 'Jardinage potager' } });
    // Typing does not hide why it was refused.
    expect(screen.getByRole('alert').textContent).toContain('Une activité avec ce nom existe déjà');
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter' }));
    const fixed = await screen.findByRole('region', { name: 'Jardinage potager' });
    expect(within(fixed).getByRole('img', { name: 'Non synchronisé' })).toBeTruthy();
    await waitFor(async () => expect(await openIssues()).toEqual([]));
    expect(input.value).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
