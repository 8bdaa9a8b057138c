/**
 * "Nouvelle version disponible" + "Recharger". The reload waits while changes are pending or a
 * form is being edited, and says why; it then activates the new worker and reloads.
 */
import { useDirtyFormCount } from '../app/dirty-forms.ts';
import { useSwUpdate } from '../app/update/sw-update-store.ts';
import { useUpdateFlow, type UpdateFlow } from '../app/update/use-update-flow.ts';
import { useSyncStatus } from '../sync/use-sync-status.ts';

export function UpdatePromptView({ flow }: { flow: UpdateFlow }) {
  if (flow.phase === 'hidden') return null;
  return (
    <section className="update-prompt" aria-label="Mise à jour" role="status">
      <p className="update-title">Nouvelle version disponible</p>
      {flow.phase === 'available' && (
        <div className="button-row">
          <button type="button" onClick={flow.request}>
            Recharger
          </button>
          <button type="button" onClick={flow.cancel}>
            Plus tard
          </button>
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

export function UpdatePrompt() {
  const update = useSwUpdate();
  const sync = useSyncStatus();
  const dirtyForms = useDirtyFormCount();
  const flow = useUpdateFlow({
    available: update.available,
    apply: update.apply,
    pendingCount: sync.pendingCount,
    connection: sync.connection,
    dirtyForms,
  });
  return <UpdatePromptView flow={flow} />;
}
