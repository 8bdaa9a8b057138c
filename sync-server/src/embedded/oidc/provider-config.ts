/**
 * oidc-provider configuration that makes the embedded identity provider look like production's
 * Keycloak realm `itercraft` to the PWA and the server: public client `iterfront` with PKCE S256,
 * RS256 JWT access tokens for audience `iterapi` valid 300 s carrying sub, email,
 * preferred_username and name, ID tokens with the profile and e-mail claims, and refresh
 * tokens without `offline_access` (Keycloak issues them to every code-flow client).
 */
import type { Context } from 'koa';
import type { JWK } from 'jose';
import { errors, type Adapter, type ClientInfo, type ContextWithOidc, type TokenInfo } from 'oidc-provider';
import type { DemoDirectory } from './demo-users.ts';
import { errorPage, loggedOutPage, logoutPage } from './pages.ts';

/** RFC 8707 resource indicator of the API (must be a URI); the tokens' `aud` is the audience. */
export const API_RESOURCE = 'urn:itercraft:api';
const DAY = 24 * 3600;

export interface ProviderSettings {
  mountPath: string;
  clientId: string;
  audience: string;
  /** Origins the PWA runs on: each gets /auth/callback, /auth/silent and / registered. */
  appOrigins: string[];
  signingKeys: JWK[];
  cookieKeys: string[];
  users: DemoDirectory;
  accessTokenTtlSeconds: number;
  Adapter: new (model: string) => Adapter;
}

function client(s: ProviderSettings) {
  return {
    client_id: s.clientId,
    client_name: 'Itercraft',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: s.appOrigins.flatMap((o) => [`${o}/auth/callback`, `${o}/auth/silent`]),
    post_logout_redirect_uris: s.appOrigins.map((o) => `${o}/`),
  };
}

function resourceIndicators(s: ProviderSettings) {
  return {
    enabled: true,
    defaultResource: () => API_RESOURCE,
    // The token request of oidc-client-ts names no resource: use the one granted at authorization.
    useGrantedResource: () => true,
    getResourceServerInfo: (_ctx: Context, resource: string) => {
      if (resource !== API_RESOURCE) throw new errors.InvalidTarget('ressource inconnue');
      return {
        scope: 'openid profile email',
        audience: s.audience,
        accessTokenFormat: 'jwt',
        accessTokenTTL: s.accessTokenTtlSeconds,
        jwt: { sign: { alg: 'RS256' } },
      };
    },
  };
}

function renderError(ctx: Context, out: Record<string, unknown>): void {
  ctx.type = 'html';
  ctx.body = errorPage(
    'La demande de connexion est invalide ou a expiré. Revenez à l’application et réessayez.',
    [out.error, out.error_description].filter(Boolean).join(' : '),
  );
}

export function providerConfiguration(s: ProviderSettings): Record<string, unknown> {
  return {
    adapter: s.Adapter,
    clients: [client(s)],
    jwks: { keys: s.signingKeys },
    cookies: { keys: s.cookieKeys },
    findAccount: (_ctx: Context, sub: string) => s.users.findAccount(sub),
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
    // Like Keycloak: the ID token itself carries the profile and e-mail claims.
    conformIdTokenClaims: false,
    extraTokenClaims: (_ctx: Context, token: TokenInfo) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const user = s.users.users.find((u) => u.sub === token.accountId);
      return user ? { email: user.email, preferred_username: user.username, name: user.name } : undefined;
    },
    interactions: { url: (_ctx: Context, interaction: { uid: string }) => `${s.mountPath}/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    // oidc-provider only issues refresh tokens with `offline_access`; Keycloak issues them to the
    // code flow. Not rotated, like the realm (revokeRefreshToken: false): the PWA keeps one token
    // in localStorage for all its tabs, and a rotated token reused by a second tab would trip
    // oidc-provider's reuse detection, which revokes the whole grant.
    issueRefreshToken: (_ctx: Context, c: ClientInfo) => c.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: false,
    // 30 days like the realm's offline session idle timeout: the PWA is used offline for days.
    ttl: { AccessToken: s.accessTokenTtlSeconds, IdToken: 300, AuthorizationCode: 60, Interaction: 3600, Session: 30 * DAY, Grant: 30 * DAY, RefreshToken: 30 * DAY },
    clientBasedCORS: (_ctx: Context, origin: string) => s.appOrigins.includes(origin),
    renderError,
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: resourceIndicators(s),
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: ContextWithOidc, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form, Boolean(ctx.oidc.params?.id_token_hint));
        },
        postLogoutSuccessSource: (ctx: Context) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
    },
  };
}
