/**
 * Shown on a protected page when this device's local database cannot be opened (storage full or
 * blocked, a private window refusing IndexedDB, the database code missing after an update):
 * what happened, "Réessayer", and signing out as the way out. The rest of the app keeps working.
 */
export interface LocalDataErrorProps {
  pageLabel: string;
  online: boolean;
  onRetry: () => void;
  onSignOut: () => void;
}

export function LocalDataError({ pageLabel, online, onRetry, onSignOut }: LocalDataErrorProps) {
  return (
    <article className="page local-data-error">
      <h1>{pageLabel}</h1>
      <div className="notice notice-warning" role="alert">
        <p>
          <strong>Vos données locales n’ont pas pu être ouvertes sur cet appareil.</strong> Cette page en a besoin pour
          fonctionner. Le stockage du navigateur est peut-être plein ou bloqué (navigation privée, réglages de
          confidentialité){online ? '' : ', ou l’application n’est pas encore entièrement disponible hors ligne'}.
        </p>
        <p>Les pages publiques restent utilisables. Ce qui a déjà été envoyé au serveur reste en sécurité.</p>
      </div>
      <div className="button-row">
        <button type="button" onClick={onRetry}>
          Réessayer
        </button>
        <button type="button" onClick={onSignOut}>
          Se déconnecter
        </button>
      </div>
    </article>
  );
}
