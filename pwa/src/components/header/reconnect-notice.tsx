/**
 * Asks to sign in again when the session expired, but only once the network is back: offline, the
 * app keeps working with the expired token and there is nothing to ask yet.
 */
export interface ReconnectNoticeProps {
  needsSignIn: boolean;
  online: boolean;
  onSignIn: () => void;
}

export function ReconnectNotice({ needsSignIn, online, onSignIn }: ReconnectNoticeProps) {
  if (!needsSignIn || !online) return null;
  return (
    <div className="notice notice-warning" role="status">
      <p>
        Votre session a expiré. Reconnectez-vous pour reprendre la synchronisation ; vos modifications restent
        enregistrées sur cet appareil.
      </p>
      <button type="button" onClick={onSignIn}>
        Se reconnecter
      </button>
    </div>
  );
}
