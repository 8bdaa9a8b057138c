/**
 * Marks a record that exists on this device but is not yet acknowledged by the server.
 * Feature lists render it next to an item: `{isPending && <PendingMark />}`.
 */
export interface PendingMarkProps {
  /** Also show the words "Non synchronisé" next to the icon (for roomy layouts). */
  withText?: boolean;
}

export function PendingMark({ withText = false }: PendingMarkProps) {
  return (
    <span className="pending-mark" role="img" aria-label="Non synchronisé" title="Pas encore envoyé au serveur">
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M8 4.2V8.4l2.6 1.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      {withText && <span aria-hidden="true"> Non synchronisé</span>}
    </span>
  );
}
