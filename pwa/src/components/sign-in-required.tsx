/** Shown on a protected page when no user is known on this device: sign in, then come back here. */

export interface SignInRequiredProps {
  pageLabel: string;
  online: boolean;
  onSignIn: () => void;
}

export function SignInRequired({ pageLabel, online, onSignIn }: SignInRequiredProps) {
  return (
    <article className="page sign-in-required">
      <h1>{pageLabel}</h1>
      <p>Connectez-vous pour accéder à cette page. Vous reviendrez ici juste après la connexion.</p>
      {online ? (
        <button type="button" onClick={onSignIn}>
          Se connecter
        </button>
      ) : (
        <p className="notice notice-warning">
          Vous êtes hors ligne : la connexion sera possible au retour du réseau.
        </p>
      )}
    </article>
  );
}
