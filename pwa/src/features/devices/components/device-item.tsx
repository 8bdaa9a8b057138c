/** One enrolled device: what it is, when it was last heard from, and what the user may do with it. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useDirtyForm } from '../../../app/dirty-forms.ts';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { PendingMark } from '../../../components/pending-mark.tsx';
import { INTERVAL_MAX_S, INTERVAL_MIN_S, connectionText, lastSeenText, validateDevice, type DeviceDoc } from '../devices-actions.ts';

export interface DeviceItemProps {
  device: DeviceDoc;
  devices: readonly DeviceDoc[];
  now: number;
  /** Why the server refused the last change of this device, if it did. */
  refusal: string | undefined;
  /**
   * Set when the sync panel's "Corriger" link asks for this device: each new key opens the edit
   * form (keeping what the user already typed in it) and puts the focus on its name field.
   */
  editRequest?: string | undefined;
  onSave: (patch: { name: string; intervalSeconds: number }) => Promise<void>;
  onDecommission: () => Promise<void>;
}

export function DeviceItem({ device, devices, now, refusal, editRequest, onSave, onDecommission }: DeviceItemProps) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(device.name);
  const [intervalText, setIntervalText] = useState(String(device.intervalSeconds));
  const [handledRequest, setHandledRequest] = useState<string | undefined>(undefined);
  const nameField = useRef<HTMLInputElement>(null);
  if (editRequest !== undefined && editRequest !== handledRequest) {
    setHandledRequest(editRequest);
    if (!editing) {
      setEditing(true);
      setName(device.name);
      setIntervalText(String(device.intervalSeconds));
    }
  }
  useEffect(() => {
    if (editRequest === undefined || !nameField.current) return;
    nameField.current.scrollIntoView?.({ block: 'center' });
    nameField.current.focus();
  }, [editRequest]);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const active = device.status === 'active';
  // unsaved while the edit form differs from the device: the update prompt must not reload then
  useDirtyForm(editing && (name !== device.name || intervalText !== String(device.intervalSeconds)));
  const connection = active ? connectionText(device, now) : null;

  const save = (event: FormEvent) => {
    event.preventDefault();
    const seconds = Number(intervalText);
    const problem = validateDevice(name, seconds, devices, device.id);
    if (problem) return setError(problem);
    setError(null);
    onSave({ name, intervalSeconds: seconds }).then(
      () => setEditing(false),
      () => setError('L’enregistrement sur cet appareil a échoué. Réessayez.'),
    );
  };

  return (
    <li className={`device-item${active ? '' : ' is-retired'}`} aria-labelledby={`${id}-nom`}>
      <div className="device-head">
        <h3 id={`${id}-nom`} className="device-name">
          {device.name}
          {device.pendingAt !== null && <PendingMark />}
        </h3>
        <span className="device-badges">
          {connection && (
            <span className={`badge device-connection${connection.online ? ' is-online' : ' is-offline'}`}>
              <span className="connection-dot" aria-hidden="true" />
              {connection.text}
            </span>
          )}
          <span className={`badge device-status${active ? '' : ' is-retired'}`}>{active ? 'Actif' : 'Retiré'}</span>
        </span>
      </div>
      <p className="device-facts muted">
        Identifiant MQTT <code>{device.mqttUsername}</code> · une mesure toutes les {device.intervalSeconds} s ·{' '}
        {lastSeenText(device.lastSeenAt, now)}
      </p>
      {refusal && (
        <p className="error-text" role="alert">
          Modification refusée par le serveur : {refusal}
        </p>
      )}
      {editing ? (
        <form className="device-edit" onSubmit={save} noValidate>
          <label htmlFor={`${id}-champ-nom`}>Nom</label>
          <input ref={nameField} id={`${id}-champ-nom`} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          <label htmlFor={`${id}-champ-intervalle`}>Intervalle (secondes)</label>
          <input
            id={`${id}-champ-intervalle`}
            type="number"
            min={INTERVAL_MIN_S}
            max={INTERVAL_MAX_S}
            step={1}
            value={intervalText}
            onChange={(e) => setIntervalText(e.target.value)}
          />
          <div className="button-row">
            <button type="submit">Enregistrer</button>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setEditing(false);
                setError(null);
                setName(device.name);
                setIntervalText(String(device.intervalSeconds));
              }}
            >
              Annuler
            </button>
          </div>
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
        </form>
      ) : (
        <div className="button-row">
          <button type="button" onClick={() => setEditing(true)} aria-label={`Modifier ${device.name}`}>
            Modifier
          </button>
          {active && (
            <button type="button" className="danger" onClick={() => setConfirming(true)} aria-label={`Retirer ${device.name}`}>
              Retirer
            </button>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Retirer « ${device.name} » ?`}
        confirmLabel="Retirer définitivement"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          onDecommission().catch(() => setError('L’enregistrement sur cet appareil a échoué. Réessayez.'));
        }}
      >
        <p>
          Le capteur ne pourra plus se connecter ni envoyer de mesures. Ses mesures passées restent visibles. Pour le réutiliser, il faudra
          l’enrôler à nouveau (nouveaux identifiants).
        </p>
      </ConfirmDialog>
    </li>
  );
}
