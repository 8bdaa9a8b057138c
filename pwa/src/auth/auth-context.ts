import { createContext } from 'react';
import type { AuthActions, AuthState } from './auth.types.ts';

export interface AuthContextValue extends AuthState, AuthActions {
  /** Used by AuthCallback: finishes the redirect sign-in, resolves with the path to return to. */
  completeSignIn: (url?: string) => Promise<string>;
}

const notReady = (): Promise<never> => Promise.reject(new Error('AuthProvider manquant'));

/** Outside an AuthProvider: nobody is signed in and nothing can be done (tests of isolated components). */
export const AuthContext = createContext<AuthContextValue>({
  ready: true,
  user: null,
  tokenExpired: false,
  refreshing: false,
  signIn: notReady,
  signOut: notReady,
  getAccessToken: () => Promise.resolve(null),
  completeSignIn: notReady,
});
