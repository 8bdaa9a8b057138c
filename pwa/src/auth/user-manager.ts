/**
 * The oidc-client-ts UserManager for our identity provider (embedded oidc-provider under /oidc
 * by default, Keycloak in production): authorization code + PKCE, the user (tokens included)
 * kept in localStorage so a reload while offline still knows who is signed in.
 * Renewal is ours (auth-session.ts): automaticSilentRenew would try, and fail, while offline.
 */
import { UserManager, WebStorageStateStore, type UserManagerSettings } from 'oidc-client-ts';
import { oidcEnv, type OidcEnv } from '../lib/env.ts';

export function userManagerSettings(env: OidcEnv = oidcEnv(), store?: Storage): UserManagerSettings {
  const userStorage = store ?? (typeof localStorage !== 'undefined' ? localStorage : undefined);
  return {
    authority: env.authority,
    client_id: env.clientId,
    redirect_uri: env.redirectUri,
    post_logout_redirect_uri: env.postLogoutRedirectUri,
    response_type: 'code',
    scope: env.scope,
    userStore: userStorage ? new WebStorageStateStore({ store: userStorage, prefix: 'itercraft.oidc.' }) : undefined,
    automaticSilentRenew: false,
    monitorSession: false,
    // The id token carries the profile claims we show; no extra request to /userinfo.
    loadUserInfo: false,
    accessTokenExpiringNotificationTimeInSeconds: 60,
  };
}

export function createUserManager(env?: OidcEnv, store?: Storage): UserManager {
  return new UserManager(userManagerSettings(env, store));
}
