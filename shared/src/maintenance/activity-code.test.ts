import { describe, expect, it } from 'vitest';
import { activityCode, checkActivityLabel } from './activity-code.ts';

describe('activityCode', () => {
  it.each([
    ['Nettoyer la Piscine !', 'nettoyer_la_piscine'],
    ['Jardinage', 'jardinage'],
    ['Passer la tondeuse', 'passer_la_tondeuse'],
    ['  Élagage des haies  ', 'elagage_des_haies'],
    ['Œuvre -- été', 'uvre_ete'],
    ['Réparer 2 volets', 'reparer_2_volets'],
    ['!!!', ''],
  ])('%s → %s', (label, code) => {
    expect(activityCode(label)).toBe(code);
  });
});

describe('checkActivityLabel', () => {
  it('accepts a new label and returns the trimmed label and its code', () => {
    expect(checkActivityLabel('  Jardinage ', ['tondeuse'])).toEqual({ ok: true, label: 'Jardinage', code: 'jardinage' });
  });
  it('refuses a blank label in French', () => {
    expect(checkActivityLabel('   ', [])).toMatchObject({ ok: false, error: 'LABEL_BLANK', message: "Le nom de l'activité est requis" });
  });
  it('refuses a label without letters or digits', () => {
    expect(checkActivityLabel('?!', [])).toMatchObject({ ok: false, error: 'LABEL_NO_ALNUM' });
  });
  it('refuses a duplicate code, whatever the accents and case', () => {
    expect(checkActivityLabel('PASSER LA TONDEUSE', ['passer_la_tondeuse'])).toMatchObject({
      ok: false,
      error: 'CODE_DUPLICATE',
      message: 'Une activité avec ce nom existe déjà',
    });
  });
});
