import { describe, expect, it } from 'vitest';
import {
  clockSkewWarning,
  connectionLabel,
  fixLinkFor,
  formatAgo,
  lastSyncedLabel,
  pendingLabel,
} from './sync-labels.ts';

describe('connectionLabel', () => {
  it.each([
    ['connected', false, 'En ligne'],
    ['connected', true, 'Synchronisation…'],
    ['offline', false, 'Hors ligne'],
    ['connecting', false, 'Connexion…'],
    ['error', false, 'Erreur de synchronisation'],
    ['needs-sign-in', false, 'Reconnexion requise'],
  ] as const)('%s (syncing: %s) → %s', (connection, syncing, label) => {
    expect(connectionLabel({ connection, syncing })).toBe(label);
  });
});

/** ICU puts no-break spaces in "il y a 2 min"; compare with plain spaces. */
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('formatAgo', () => {
  const now = Date.UTC(2026, 10, 29, 12, 0, 0);
  it('says "à l’instant" under a minute', () => {
    expect(formatAgo(now - 59_000, now)).toBe('à l’instant');
  });
  it('counts minutes, hours and days', () => {
    expect(plain(formatAgo(now - 2 * 60_000, now))).toBe('il y a 2 min');
    expect(plain(formatAgo(now - 3 * 3600_000, now))).toBe('il y a 3 h');
    expect(plain(formatAgo(now - 2 * 86400_000, now))).toBe('il y a 2 j');
  });
  it('never says "dans" for a time slightly in the future', () => {
    expect(formatAgo(now + 5_000, now)).toBe('à l’instant');
  });
  it('builds the header text', () => {
    expect(plain(lastSyncedLabel(now - 120_000, now))).toBe('Synchronisé il y a 2 min');
    expect(lastSyncedLabel(null, now)).toBe('Jamais synchronisé');
  });
});

describe('pendingLabel', () => {
  it('agrees in number', () => {
    expect(pendingLabel(0)).toBe('Aucune modification en attente');
    expect(pendingLabel(1)).toBe('1 modification en attente');
    expect(pendingLabel(3)).toBe('3 modifications en attente');
  });
});

describe('clockSkewWarning', () => {
  it('stays silent up to 5 minutes either way', () => {
    expect(clockSkewWarning(5 * 60_000)).toBeNull();
    expect(clockSkewWarning(-5 * 60_000)).toBeNull();
  });
  it('warns beyond 5 minutes and says which way', () => {
    expect(clockSkewWarning(7 * 60_000)).toContain('en retard de 7 min');
    expect(clockSkewWarning(-12 * 60_000)).toContain('en avance de 12 min');
  });
});

describe('fixLinkFor', () => {
  it('points to the page that opens the document, with its id', () => {
    expect(fixLinkFor('maintenanceSessions', 'a b')).toBe('/entretien?corriger=a%20b');
    expect(fixLinkFor('services', 'svc1')).toBe('/entretien?corriger=svc1');
    expect(fixLinkFor('sensorDevices', 'd1')).toBe('/dashboard?corriger=d1');
  });
  it('offers no link where no page can open the record (only "Abandonner")', () => {
    for (const collection of ['myGames', 'subscriptions', 'usages', 'sensorReadings', 'games']) {
      expect(fixLinkFor(collection, 'x'), collection).toBeNull();
    }
  });
});
