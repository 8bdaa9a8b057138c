/**
 * Header button showing the sync state at a glance (connection, pending count, last sync), which
 * opens the sync panel as a disclosure. Escape closes the panel and returns focus to the button.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { SyncActions, SyncStatus } from '../../sync/sync-status.types.ts';
import { SyncPanel } from './sync-panel.tsx';
import { connectionLabel, connectionTone, lastSyncedLabel, pendingLabel } from './sync-labels.ts';
import { useNow } from './use-now.ts';

export interface SyncIndicatorProps {
  status: SyncStatus;
  actions: SyncActions;
  online: boolean;
  /** A silent token refresh is in flight: the panel does not ask to sign in yet. */
  refreshing?: boolean;
  onSignIn: () => void;
}

const PANEL_ID = 'panneau-synchronisation';

export function SyncIndicator({ status, actions, online, refreshing = false, onSignIn }: SyncIndicatorProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const now = useNow();

  function close() {
    setOpen(false);
    buttonRef.current?.focus();
  }
  function handleKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && open) close();
  }

  const rejected = status.rejected.length;
  return (
    <div className="sync-indicator" onKeyDown={handleKeyDown}>
      <button
        ref={buttonRef}
        type="button"
        className={`sync-button tone-${connectionTone(status)}`}
        aria-expanded={open}
        aria-controls={PANEL_ID}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span className="sync-state">{connectionLabel(status)}</span>
        {status.pendingCount > 0 && (
          <span className="badge" title={pendingLabel(status.pendingCount)}>
            <span aria-hidden="true">{status.pendingCount}</span>
            <span className="visually-hidden">, {pendingLabel(status.pendingCount)}</span>
          </span>
        )}
        {rejected > 0 && (
          <span className="badge badge-alert">
            <span aria-hidden="true">!{rejected}</span>
            <span className="visually-hidden">, {rejected} refusée{rejected > 1 ? 's' : ''}</span>
          </span>
        )}
        <span className="sync-when">
          <span className="visually-hidden">, </span>
          {lastSyncedLabel(status.lastSyncedAt, now)}
        </span>
      </button>
      {open && (
        <SyncPanel id={PANEL_ID} status={status} actions={actions} now={now} online={online} refreshing={refreshing} onSignIn={onSignIn} onClose={close} />
      )}
    </div>
  );
}
