/**
 * "Nouvelle version disponible" + "Recharger". The reload waits while changes are pending or a
 * form is being edited, and says why; it then activates the new worker and reloads.
 * When the server refuses this build (426), pending changes cannot be sent before updating: they
 * stay on the device and leave after the update, so only a dirty form still holds the reload.
 */
import { useState } from 'react';
import { useDirtyFormCount } from '../app/dirty-forms.ts';
import { useSwUpdate } from '../app/update/sw-update-store.ts';
import { useUpdateFlow, type UpdateFlow } from '../app/update/use-update-flow.ts';
import { useSyncStatus } from '../sync/use-sync-status.ts';

export interface UpdatePromptViewProps {
  flow: UpdateFlow;
  /** The server refused this version. */
  required?: boolean;
}

export function UpdatePromptView({ flow, required = false }: UpdatePromptViewProps) {
  if (flow.phase === 'hidden') return null;
  return (
    <section className="update-prompt" aria-label="Mise à jour" role="status">
      <p className="update-title">{required ? 'Nouvelle version requise' : 'Nouvelle version disponible'}</p>
      {flow.phase === 'available' && (
        <div className="button-row">
          <button type="button" onClick={flow.request}>
            Recharger
          </button>
          {!required && (
            <button type="button" onClick={flow.cancel}>
              Plus tard
            </button>
          )}
        </div>
      )}
      {flow.phase === 'waiting' && (
        <>
          <ul className="update-reasons">
            {flow.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <p>La nouvelle version s’installera dès que possible.</p>
          <div className="button-row">
            <button type="button" onClick={flow.cancel}>
              Annuler
            </button>
          </div>
        </>
      )}
      {flow.phase === 'applying' && <p>Installation de la nouvelle version…</p>}
    </section>
  );
}

/** The server refused this build but no new version is known yet: look for it. */
export function UpdateRequiredNotice({ onCheck }: { onCheck: () => Promise<void> }) {
  const [checking, setChecking] = useState(false);
  return (
    <section className="update-prompt" aria-label="Mise à jour" role="status">
      <p className="update-title">Nouvelle version requise</p>
      <p>
        Le serveur n’accepte plus cette version de l’application. Vos modifications restent sur cet appareil et seront
        envoyées après la mise à jour.
      </p>
      <button
        type="button"
        disabled={checking}
        onClick={() => {
          setChecking(true);
          void onCheck().finally(() => setChecking(false));
        }}
      >
        {checking ? 'Recherche…' : 'Rechercher la mise à jour'}
      </button>
    </section>
  );
}

export function UpdatePrompt() {
  const update = useSwUpdate();
  const sync = useSyncStatus();
  const dirtyForms = useDirtyFormCount();
  const required = sync.updateRequired === true;
  const flow = useUpdateFlow({
    available: update.available,
    apply: update.apply,
    pendingCount: required ? 0 : sync.pendingCount,
    connection: sync.connection,
    dirtyForms,
  });
  if (required && !update.available) return <UpdateRequiredNotice onCheck={update.check} />;
  return <UpdatePromptView flow={flow} required={required} />;
}
