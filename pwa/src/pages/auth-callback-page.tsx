/** /auth/callback: the auth layer finishes the sign-in and returns to the page the user asked for. */
import { AuthCallback } from '../auth/auth-callback.tsx';

export function AuthCallbackPage() {
  return (
    <article className="page">
      <AuthCallback />
    </article>
  );
}
