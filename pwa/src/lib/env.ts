/**
 * Build-time configuration of the PWA. Every value has a default for the embedded stack
 * (`npm start`: one origin serves the PWA, the API and the OIDC provider under /oidc).
 */

function origin(): string {
  return typeof location !== 'undefined' ? location.origin : 'http://localhost';
}

function envValue(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** Base URL of the sync server's REST and replication endpoints, without a trailing slash. */
export function apiBaseUrl(): string {
  return (envValue(import.meta.env.VITE_API_URL as string | undefined) ?? origin()).replace(/\/+$/, '');
}

export interface OidcEnv {
  authority: string;
  clientId: string;
  scope: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

export function oidcEnv(): OidcEnv {
  const base = origin();
  return {
    authority: envValue(import.meta.env.VITE_OIDC_AUTHORITY as string | undefined) ?? `${base}/oidc`,
    clientId: envValue(import.meta.env.VITE_OIDC_CLIENT_ID as string | undefined) ?? 'iterfront',
    scope: 'openid profile email offline_access',
    redirectUri: `${base}/auth/callback`,
    postLogoutRedirectUri: `${base}/`,
  };
}
