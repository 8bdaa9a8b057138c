import { describe, expect, it } from 'vitest';
import { privateActivityId } from '../ids.ts';
import { checkPrivateActivity, newPrivateActivity, takenCodes } from './activity.rules.ts';

const user = 'user-1';

describe(checkPrivateActivity.name, () => {
  it('accepts a new private activity built from its label', () => {
    const doc = newPrivateActivity(user, '  Élagage des haies ', 1);
    expect(doc).toMatchObject({ code: 'elagage_des_haies', label: 'Élagage des haies', id: privateActivityId(user, 'elagage_des_haies') });
    expect(checkPrivateActivity(doc, user, ['tondeuse'])).toEqual({ ok: true });
  });

  it('gives the same id on two devices for the same label, and another id for another user', () => {
    expect(newPrivateActivity(user, 'Jardinage', 1).id).toBe(newPrivateActivity(user, 'JARDINAGE', 2).id);
    expect(newPrivateActivity('user-2', 'Jardinage', 1).id).not.toBe(newPrivateActivity(user, 'Jardinage', 1).id);
  });

  it.each([
    [{ label: '   ' }, 'LABEL_BLANK', "Le nom de l'activité est requis"],
    [{ label: '?!' }, 'LABEL_NO_ALNUM', "Le nom de l'activité doit contenir au moins une lettre ou un chiffre"],
    [{ label: 'Tondeuse', code: 'tondeuse' }, 'DUPLICATE', 'Une activité avec ce nom existe déjà'],
    [{ code: 'autre' }, 'CODE_MISMATCH', "Le code de l'activité ne correspond pas à son nom"],
    [{ id: 'x' }, 'ID_MISMATCH', "L'identifiant de l'activité ne correspond pas à son nom"],
    [{ scope: 'global' as const }, 'INVALID_SCOPE', 'Seules les activités personnelles peuvent être créées'],
  ])('refuses %o with %s', (patch, code, reason) => {
    const doc = { ...newPrivateActivity(user, 'Jardinage', 1), ...patch };
    expect(checkPrivateActivity(doc, user, ['tondeuse', 'piscine'])).toEqual({ ok: false, code, reason });
  });
});

describe('takenCodes', () => {
  it("refuses a private twin of a seed's label, not only of its code", () => {
    const taken = takenCodes([{ code: 'tondeuse', label: 'Passer la tondeuse' }]);
    const doc = newPrivateActivity(user, 'Passer la Tondeuse', 1);
    expect(checkPrivateActivity(doc, user, taken)).toMatchObject({ ok: false, code: 'DUPLICATE' });
    expect(checkPrivateActivity(newPrivateActivity(user, 'Tondeuse', 1), user, taken)).toMatchObject({ ok: false, code: 'DUPLICATE' });
  });
});
