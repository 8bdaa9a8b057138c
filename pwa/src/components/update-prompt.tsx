/**
 * "Nouvelle version disponible" + "Recharger". The reload waits while changes are pending or a
 * form is being edited, and says why; it then activates the new worker and reloads.
 * When the server refuses this build (426), pending changes cannot be sent before updating: they
 * stay on the device and leave after the update, so only a dirty form still holds the reload.
 * When another tab activated the new version, this page runs old code under the new worker: it
 * says so and reloads on request, with the same guard.
 */
import { useEffect, useState } from 'react';
import { useDirtyFormCount } from '../app/dirty-forms.ts';
import { useSwUpdate } from '../app/update/sw-update-store.ts';
import { updateBlockers } from '../app/update/update-blockers.ts';
import { useUpdateFlow, type UpdateFlow } from '../app/update/use-update-flow.ts';
import { useSyncStatus } from '../sync/use-sync-status.ts';

export interface UpdatePromptViewProps {
  flow: UpdateFlow;
  /** The server refused this version. */
  required?: boolean;
  /** Another tab already activated the new version. */
  activatedElsewhere?: boolean;
}

function title(required: boolean, activatedElsewhere: boolean): string {
  if (activatedElsewhere) return 'Nouvelle version active';
  return required ? 'Nouvelle version requise' : 'Nouvelle version disponible';
}

export function UpdatePromptView({ flow, required = false, activatedElsewhere = false }: UpdatePromptViewProps) {
  if (flow.phase === 'hidden') return null;
  return (
    <section className="update-prompt" aria-label="Mise à jour" role="status">
      <p className="update-title">{title(required, activatedElsewhere)}</p>
      {activatedElsewhere && flow.phase === 'available' && (
        <p>Elle a été installée depuis un autre onglet : rechargez cette page pour l’utiliser.</p>
      )}
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
          <p>{activatedElsewhere ? 'La page se rechargera dès que possible.' : 'La nouvelle version s’installera dès que possible.'}</p>
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
  const blockers = { pendingCount: required ? 0 : sync.pendingCount, connection: sync.connection, dirtyForms };
  const flow = useUpdateFlow({ available: update.available, apply: update.apply, withdraw: update.withdraw, ...blockers });
  // The store re-checks these right before reloading (the reload may come seconds after "Recharger").
  const reasons = updateBlockers(blockers).join('\n');
  const { setBlockers } = update;
  useEffect(() => setBlockers(reasons ? reasons.split('\n') : []), [setBlockers, reasons]);
  if (required && !update.available) return <UpdateRequiredNotice onCheck={update.check} />;
  return <UpdatePromptView flow={flow} required={required} activatedElsewhere={update.activatedElsewhere} />;
}
