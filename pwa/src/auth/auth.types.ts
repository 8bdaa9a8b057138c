/** Contract between the auth layer (pwa/src/auth) and the UI shell. */

export interface AuthUserInfo {
  sub: string;
  /** preferred_username ?? name ?? "Utilisateur" (as the original displayed it). */
  displayName: string;
  email: string | null;
}

export interface AuthState {
  /** False until the stored session has been read (no network needed). */
  ready: boolean;
  /** A user is known on this device (possibly with an expired token: the app keeps working offline). */
  user: AuthUserInfo | null;
  /** The access token is expired and could not be refreshed yet. */
  tokenExpired: boolean;
  /**
   * A token refresh is in flight (for example right after the network came back): the UI waits
   * for its outcome before asking to sign in again. Optional for hand-made states in tests.
   */
  refreshing?: boolean;
}

export interface AuthActions {
  /** Starts the authorization-code + PKCE redirect; `returnTo` is the path to come back to. */
  signIn: (returnTo?: string) => Promise<void>;
  /** Signs out; the caller must have confirmed first when changes are pending. */
  signOut: () => Promise<void>;
  /** A fresh access token, refreshing it if it expires soon; null when offline/expired. */
  getAccessToken: () => Promise<string | null>;
}
