import { afterEach, describe, expect, it } from 'vitest';
import { User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { AuthSession, OFFLINE_SIGN_IN_MESSAGE } from './auth-session.ts';
import { safeReturnTo, toUserInfo } from './user-info.ts';
import { userManagerSettings } from './user-manager.ts';

// Nothing listens there: any network attempt fails fast, like a device without connection.
const env = {
  authority: 'http://127.0.0.1:9/oidc',
  clientId: 'iterfront',
  scope: 'openid profile email offline_access',
  redirectUri: 'http://localhost/auth/callback',
  postLogoutRedirectUri: 'http://localhost/',
};

const sessions: AuthSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
  localStorage.clear();
});

async function sessionWithStoredUser(expiresInS: number, online: boolean): Promise<AuthSession> {
  const manager = new UserManager({ ...userManagerSettings(env), userStore: new WebStorageStateStore({ store: localStorage }) });
  await manager.storeUser(
    new User({
      access_token: 'stored-access-token',
      refresh_token: 'stored-refresh-token',
      token_type: 'Bearer',
      scope: env.scope,
      profile: { sub: 'user-1', iss: env.authority, aud: env.clientId, exp: 0, iat: 0, preferred_username: 'alice', email: 'alice@example.org' },
      expires_at: Math.floor(Date.now() / 1000) + expiresInS,
    }),
  );
  const session = new AuthSession(manager, { isOnline: () => online, retryMs: 60_000 });
  sessions.push(session);
  await session.init();
  return session;
}

describe('AuthSession', () => {
  it('opens signed in from the stored session without any network, even with an expired token', async () => {
    const session = await sessionWithStoredUser(-60, false);
    expect(session.getState()).toEqual({
      ready: true,
      user: { sub: 'user-1', displayName: 'alice', email: 'alice@example.org' },
      tokenExpired: true,
      refreshing: false,
    });
    await expect(session.getAccessToken()).resolves.toBeNull();
  });

  it('never redirects to sign in while offline', async () => {
    const session = await sessionWithStoredUser(-60, false);
    const before = location.href;
    await expect(session.signIn('/entretien')).rejects.toThrow(OFFLINE_SIGN_IN_MESSAGE);
    expect(location.href).toBe(before);
  });

  it('hands out a valid token, and keeps it while a refresh cannot reach the provider', async () => {
    await expect((await sessionWithStoredUser(3600, true)).getAccessToken()).resolves.toBe('stored-access-token');
    // Inside the refresh margin: the refresh fails (provider unreachable), the token is still valid.
    const nearExpiry = await sessionWithStoredUser(30, true);
    await expect(nearExpiry.getAccessToken()).resolves.toBe('stored-access-token');
    expect(nearExpiry.getState().tokenExpired).toBe(false);
  });
});

describe('AuthSession when the network comes back', () => {
  it('says a refresh is in flight in the same event that brings the browser online, until it ends', async () => {
    let online = false;
    const manager = new UserManager({ ...userManagerSettings(env), userStore: new WebStorageStateStore({ store: localStorage }) });
    await manager.storeUser(
      new User({
        access_token: 'old',
        refresh_token: 'refresh',
        token_type: 'Bearer',
        scope: env.scope,
        profile: { sub: 'user-1', iss: env.authority, aud: env.clientId, exp: 0, iat: 0 },
        expires_at: Math.floor(Date.now() / 1000) - 60,
      }),
    );
    // The provider answers slowly: the refresh is still running when the UI renders "online".
    let finish: (user: User | null) => void = () => undefined;
    manager.signinSilent = () => new Promise<User | null>((resolve) => (finish = resolve));
    const session = new AuthSession(manager, { isOnline: () => online, retryMs: 60_000 });
    sessions.push(session);
    await session.init();
    expect(session.getState()).toMatchObject({ tokenExpired: true, refreshing: false });

    const seen: boolean[] = [];
    session.subscribe(() => seen.push(session.getState().refreshing === true));
    online = true;
    window.dispatchEvent(new Event('online'));
    // Synchronously, before any await: the header renders "online" with this state.
    expect(session.getState().refreshing).toBe(true);

    await new Promise((r) => setTimeout(r, 10));
    expect(session.getState().refreshing).toBe(true);
    finish(null);
    await new Promise((r) => setTimeout(r, 10));
    expect(session.getState().refreshing).toBe(false);
    expect(seen[0]).toBe(true);
  });
});

describe('user info', () => {
  it('shows preferred_username, else name, else "Utilisateur"', () => {
    expect(toUserInfo({ sub: 's', preferred_username: 'bob', name: 'Bob B', email: 'b@x.fr' })).toEqual({ sub: 's', displayName: 'bob', email: 'b@x.fr' });
    expect(toUserInfo({ sub: 's', name: 'Bob B' }).displayName).toBe('Bob B');
    expect(toUserInfo({ sub: 's' })).toEqual({ sub: 's', displayName: 'Utilisateur', email: null });
  });

  it('returns only to same-origin paths after sign-in', () => {
    expect(safeReturnTo('/entretien?x=1#y')).toBe('/entretien?x=1#y');
    expect(safeReturnTo('//evil.example/x')).toBe('/');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo(undefined)).toBe('/');
  });
});
