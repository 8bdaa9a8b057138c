/** Public entry of the auth layer for the UI shell and features. */
import { useContext } from 'react';
import { AuthContext, type AuthContextValue } from './auth-context.ts';

export { AuthProvider, type AuthProviderProps } from './auth-provider.tsx';
export type { AuthActions, AuthState, AuthUserInfo } from './auth.types.ts';

/** AuthState + AuthActions. `getAccessToken`, `signIn` and `signOut` keep their identity across renders. */
export function useAuth(): AuthContextValue {
  return useContext(AuthContext);
}
