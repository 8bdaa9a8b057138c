/** Binds the AuthSession (one per app) to React. */
import { useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { AuthSession } from './auth-session.ts';
import { AuthContext, type AuthContextValue } from './auth-context.ts';
import { createUserManager } from './user-manager.ts';

export interface AuthProviderProps {
  children: ReactNode;
  /** Injected in tests; by default one session built from the Vite environment. */
  session?: AuthSession;
}

export function AuthProvider({ children, session: injected }: AuthProviderProps) {
  const [session] = useState(() => injected ?? new AuthSession(createUserManager()));
  useEffect(() => {
    void session.init();
    return () => session.dispose();
  }, [session]);
  const state = useSyncExternalStore(session.subscribe, session.getState, session.getState);
  const value = useMemo<AuthContextValue>(
    () => ({
      ...state,
      signIn: session.signIn,
      signOut: session.signOut,
      getAccessToken: session.getAccessToken,
      completeSignIn: session.completeSignIn,
    }),
    [state, session],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
