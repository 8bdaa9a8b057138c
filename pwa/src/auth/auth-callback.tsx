/**
 * Mounted by the shell at /auth/callback: finishes the authorization-code exchange and goes back
 * to the page the user asked for (stored in the OIDC state at sign-in).
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from './use-auth.ts';

export function AuthCallback() {
  const { completeSignIn, signIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    completeSignIn()
      .then((returnTo) => {
        if (active) void navigate(returnTo, { replace: true });
      })
      .catch((err: unknown) => {
        console.warn('sign-in callback failed', err);
        if (active) setError('La connexion n’a pas abouti. Le lien a peut-être expiré ou a déjà été utilisé.');
      });
    return () => {
      active = false;
    };
  }, [completeSignIn, navigate]);

  if (error) {
    return (
      <div role="alert">
        <h1>Connexion interrompue</h1>
        <p>{error}</p>
        <button type="button" onClick={() => void signIn('/')}>
          Se reconnecter
        </button>
      </div>
    );
  }
  return (
    <p role="status" aria-live="polite">
      Connexion en cours…
    </p>
  );
}
