/**
 * Activity code from a label, exactly as the original derived it: NFD, strip combining
 * marks, lower-case, every run outside [a-z0-9] becomes '_', leading/trailing '_' trimmed.
 * Unlike the original, a label that yields an empty code is refused.
 */
export function activityCode(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('fr')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export type ActivityLabelError = 'LABEL_BLANK' | 'LABEL_NO_ALNUM' | 'LABEL_TOO_LONG' | 'CODE_DUPLICATE';

export const activityLabelMessages: Record<ActivityLabelError, string> = {
  LABEL_BLANK: "Le nom de l'activité est requis",
  LABEL_NO_ALNUM: "Le nom de l'activité doit contenir au moins une lettre ou un chiffre",
  LABEL_TOO_LONG: "Le nom de l'activité ne doit pas dépasser 100 caractères",
  CODE_DUPLICATE: 'Une activité avec ce nom existe déjà',
};

export type ActivityLabelCheck =
  | { ok: true; label: string; code: string }
  | { ok: false; error: ActivityLabelError; message: string };

/** Validates a new activity label against the codes the user can already see. */
export function checkActivityLabel(rawLabel: string, existingCodes: Iterable<string>): ActivityLabelCheck {
  const label = rawLabel.trim();
  const fail = (error: ActivityLabelError): ActivityLabelCheck => ({ ok: false, error, message: activityLabelMessages[error] });
  if (label.length === 0) return fail('LABEL_BLANK');
  if (label.length > 100) return fail('LABEL_TOO_LONG');
  const code = activityCode(label);
  if (code.length === 0) return fail('LABEL_NO_ALNUM');
  for (const existing of existingCodes) if (existing === code) return fail('CODE_DUPLICATE');
  return { ok: true, label, code };
}
