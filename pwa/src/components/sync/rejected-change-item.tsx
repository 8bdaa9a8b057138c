/** One refused change in the sync panel: what, why, and "Corriger" / "Abandonner" (confirmed inline). */
import { useState } from 'react';
import { Link } from 'react-router';
import type { RejectedChange } from '../../sync/sync-status.types.ts';
import { fixLinkFor } from './sync-labels.ts';

export interface RejectedChangeItemProps {
  change: RejectedChange;
  onDiscard: (key: string) => Promise<void>;
  /** Called when "Corriger" navigates away, so the panel can close. */
  onNavigate: () => void;
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });

export function RejectedChangeItem({ change, onDiscard, onNavigate }: RejectedChangeItemProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fixLink = fixLinkFor(change.collection, change.docId);
  const titleId = `refus-${change.key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;

  async function handleDiscard() {
    setBusy(true);
    setError(null);
    try {
      await onDiscard(change.key);
    } catch {
      setError('L’abandon a échoué. Réessayez.');
      setBusy(false);
    }
  }

  return (
    <li className="rejected-item" aria-labelledby={titleId}>
      <p id={titleId} className="rejected-label">{change.label}</p>
      <p className="rejected-reason">
        Motif du refus : {change.reason} <span className="muted">({dateTime.format(change.at)})</span>
      </p>
      {error && <p role="alert" className="error-text">{error}</p>}
      {confirming ? (
        <div className="button-row">
          <span>Abandonner définitivement cette modification ?</span>
          <button type="button" className="danger" disabled={busy} onClick={() => void handleDiscard()}>
            Confirmer l’abandon
          </button>
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
            Annuler
          </button>
        </div>
      ) : (
        <div className="button-row">
          {!fixLink && (
            <p className="muted">
              Aucune page ne permet encore de corriger cette modification : abandonnez-la pour revenir à la version du
              serveur, puis refaites-la si besoin.
            </p>
          )}
          {fixLink && (
            <Link to={fixLink} onClick={onNavigate} className="button-link">
              Corriger
            </Link>
          )}
          <button type="button" onClick={() => setConfirming(true)}>
            Abandonner
          </button>
        </div>
      )}
    </li>
  );
}
