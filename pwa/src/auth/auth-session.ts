/**
 * The signed-in session, framework-free (AuthProvider binds it to React).
 *
 * Offline rules: the stored user is read without any network, so the app opens signed in while
 * offline even with an expired access token (`tokenExpired`: local data keeps working, sync waits).
 * Tokens are refreshed with the refresh token shortly before expiry, never while offline (retried
 * when the browser is back online). Nothing here ever redirects while offline.
 */
import { ErrorResponse, type User, type UserManager } from 'oidc-client-ts';
import type { AuthActions, AuthState } from './auth.types.ts';
import { runSignOutHooks } from './sign-out-hooks.ts';
import { safeReturnTo, toUserInfo } from './user-info.ts';

export interface AuthSessionOptions {
  /** Refresh this long before the access token expires. */
  refreshMarginMs?: number;
  /** Retry delay after a refresh failed for a network reason. */
  retryMs?: number;
  isOnline?: () => boolean;
  now?: () => number;
}

export const OFFLINE_SIGN_IN_MESSAGE = 'Connexion impossible hors ligne : réessayez une fois le réseau revenu';

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

export class AuthSession implements AuthActions {
  private state: AuthState = { ready: false, user: null, tokenExpired: false, refreshing: false };
  private current: User | null = null;
  private readonly listeners = new Set<() => void>();
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<User | null> | null = null;
  /** Set at once when the network comes back with a token due, before the refresh request starts. */
  private refreshExpected = false;
  /** The refresh token was refused: only a new sign-in helps. */
  private refreshRefused = false;
  private callback: { url: string; result: Promise<string> } | null = null;
  private readonly cleanups: (() => void)[] = [];
  private readonly margin: number;
  private readonly retryMs: number;
  private readonly online: () => boolean;
  private readonly now: () => number;

  constructor(
    private readonly manager: UserManager,
    options: AuthSessionOptions = {},
  ) {
    this.margin = options.refreshMarginMs ?? 60_000;
    this.retryMs = options.retryMs ?? 30_000;
    this.online = options.isOnline ?? browserOnline;
    this.now = options.now ?? (() => Date.now());
    this.cleanups.push(
      manager.events.addUserLoaded((user) => this.adopt(user)),
      manager.events.addUserUnloaded(() => this.adopt(null)),
    );
    if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
      const onOnline = () => {
        // Synchronously, in the same event the UI learns it is online: "session expirée" must not
        // flash for the few hundred ms the silent refresh takes.
        if (this.current && this.isDue(this.current) && !this.refreshRefused) {
          this.refreshExpected = true;
          this.publish();
        }
        void this.refreshIfDue().finally(() => {
          this.refreshExpected = false;
          this.publish();
        });
      };
      window.addEventListener('online', onOnline);
      this.cleanups.push(() => window.removeEventListener('online', onOnline));
    }
  }

  getState = (): AuthState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Reads the stored user (no network). */
  async init(): Promise<void> {
    const user = await this.manager.getUser().catch(() => null);
    this.adopt(user);
  }

  dispose(): void {
    this.clearTimers();
    for (const cleanup of this.cleanups) cleanup();
    this.listeners.clear();
  }

  getAccessToken = async (): Promise<string | null> => {
    const user = await this.manager.getUser().catch(() => null);
    if (!user) return null;
    if (!this.isDue(user)) return user.access_token;
    const fresh = this.online() && !this.refreshRefused ? await this.refresh() : null;
    if (fresh) return fresh.access_token;
    return this.isExpired(user) ? null : user.access_token;
  };

  signIn = async (returnTo?: string): Promise<void> => {
    if (!this.online()) throw new Error(OFFLINE_SIGN_IN_MESSAGE);
    const here = typeof location !== 'undefined' ? location.pathname + location.search + location.hash : '/';
    await this.manager.signinRedirect({ state: { returnTo: safeReturnTo(returnTo ?? here) } });
  };

  signOut = async (): Promise<void> => {
    const user = await this.manager.getUser().catch(() => null);
    await runSignOutHooks();
    await this.manager.removeUser();
    if (!user || !this.online()) return;
    // Ends the provider's session too; without network the local sign-out above is enough.
    await this.manager.signoutRedirect({ id_token_hint: user.id_token }).catch((err: unknown) => {
      console.warn('end-session redirect failed', err);
    });
  };

  /** Finishes the redirect sign-in; resolves with the path to return to. Safe to call twice. */
  completeSignIn = (url: string = typeof location !== 'undefined' ? location.href : ''): Promise<string> => {
    if (this.callback?.url === url) return this.callback.result;
    const result = this.manager.signinCallback(url).then((user) => {
      if (user) this.adopt(user);
      return safeReturnTo((user?.state as { returnTo?: unknown } | undefined)?.returnTo);
    });
    this.callback = { url, result };
    return result;
  };

  // ---- refresh -----------------------------------------------------------------------------

  private isDue(user: User): boolean {
    return user.expires_at !== undefined && user.expires_at * 1000 - this.margin <= this.now();
  }

  private isExpired(user: User): boolean {
    return user.expires_at !== undefined && user.expires_at * 1000 <= this.now();
  }

  private refresh(): Promise<User | null> {
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.manager
      .signinSilent()
      .catch((err: unknown) => {
        // The provider refused the refresh token (expired, revoked): a sign-in is needed.
        if (err instanceof ErrorResponse) this.refreshRefused = true;
        else this.schedule(this.retryMs, () => void this.refreshIfDue());
        this.publish();
        return null;
      })
      .finally(() => {
        this.refreshing = null;
        this.publish();
      });
    this.publish();
    return this.refreshing;
  }

  private async refreshIfDue(): Promise<void> {
    const user = await this.manager.getUser().catch(() => null);
    if (user && this.isDue(user) && this.online() && !this.refreshRefused) await this.refresh();
  }

  private adopt(user: User | null): void {
    this.clearTimers();
    if (user) this.refreshRefused = false;
    this.current = user;
    if (user?.expires_at !== undefined) {
      const expiresAt = user.expires_at * 1000;
      this.schedule(expiresAt - this.margin - this.now(), () => void this.refreshIfDue());
      this.expiryTimer = setTimeout(() => this.publish(), Math.max(0, expiresAt - this.now()) + 50);
    }
    this.publish();
  }

  private schedule(delayMs: number, run: () => void): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    // Browsers cap timers at 2^31-1 ms; a later expiry is re-armed by the next adopt().
    this.refreshTimer = setTimeout(run, Math.min(Math.max(0, delayMs), 2_147_000_000));
  }

  private clearTimers(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.refreshTimer = this.expiryTimer = null;
  }

  private publish(): void {
    const user = this.current;
    const next: AuthState = {
      ready: true,
      user: user ? toUserInfo(user.profile) : null,
      tokenExpired: !!user && (this.isExpired(user) || this.refreshRefused),
      refreshing: !!user && (this.refreshing !== null || this.refreshExpected),
    };
    const same =
      next.ready === this.state.ready &&
      next.tokenExpired === this.state.tokenExpired &&
      next.refreshing === this.state.refreshing &&
      JSON.stringify(next.user) === JSON.stringify(this.state.user);
    if (same) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}
