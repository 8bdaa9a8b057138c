import type { AuthUserInfo } from './auth.types.ts';

/** Profile claims → what the UI shows. Same fallbacks as the original: preferred_username, name, "Utilisateur". */
export function toUserInfo(profile: { sub: string; preferred_username?: unknown; name?: unknown; email?: unknown }): AuthUserInfo {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  return {
    sub: profile.sub,
    displayName: text(profile.preferred_username) ?? text(profile.name) ?? 'Utilisateur',
    email: text(profile.email),
  };
}

/** Only same-origin paths are followed after sign-in (no open redirect through the OIDC state). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
