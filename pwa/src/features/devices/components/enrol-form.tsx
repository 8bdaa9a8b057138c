/** Enrolment form: a name and an interval; the server answers with the device's credentials. */
import { useId, useState, type FormEvent } from 'react';
import { useDirtyForm } from '../../../app/dirty-forms.ts';
import { isApiError } from '../../../lib/api-error.ts';
import { INTERVAL_MAX_S, INTERVAL_MIN_S, validateDevice, type DeviceDoc, type Enrolment } from '../devices-actions.ts';

export interface EnrolFormProps {
  devices: readonly DeviceDoc[];
  online: boolean;
  enrol: (input: { name: string; intervalSeconds: number }) => Promise<Enrolment>;
  onEnrolled: (enrolment: Enrolment) => void;
}

const DEFAULT_INTERVAL_TEXT = '30';

export function EnrolForm({ devices, online, enrol, onEnrolled }: EnrolFormProps) {
  const id = useId();
  const [name, setName] = useState('');
  const [intervalText, setIntervalText] = useState(DEFAULT_INTERVAL_TEXT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // typed input, or an enrolment on its way (its answer carries the one-time password)
  useDirtyForm(busy || name.trim() !== '' || intervalText !== DEFAULT_INTERVAL_TEXT);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const seconds = Number(intervalText);
    const problem = validateDevice(name, seconds, devices);
    if (problem) return setError(problem);
    setError(null);
    setBusy(true);
    enrol({ name, intervalSeconds: seconds })
      .then((enrolment) => {
        setName('');
        setIntervalText(DEFAULT_INTERVAL_TEXT);
        onEnrolled(enrolment);
      })
      .catch((err: unknown) => setError(isApiError(err) ? err.message : 'L’enrôlement a échoué. Réessayez.'))
      .finally(() => setBusy(false));
  };

  return (
    <form className="enrol-form" onSubmit={submit} noValidate aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`}>Enrôler un capteur</h3>
      <div className="enrol-fields">
        <label htmlFor={`${id}-nom`}>Nom</label>
        <input id={`${id}-nom`} value={name} maxLength={100} placeholder="ex : Station du jardin" onChange={(e) => setName(e.target.value)} />
        <label htmlFor={`${id}-intervalle`}>Intervalle (secondes)</label>
        <input
          id={`${id}-intervalle`}
          type="number"
          inputMode="numeric"
          min={INTERVAL_MIN_S}
          max={INTERVAL_MAX_S}
          step={1}
          value={intervalText}
          onChange={(e) => setIntervalText(e.target.value)}
        />
        <button type="submit" disabled={!online || busy || name.trim() === ''}>
          {busy ? 'Enrôlement…' : 'Enrôler'}
        </button>
      </div>
      {!online && <p className="muted">L’enrôlement d’un capteur nécessite une connexion : le serveur lui attribue ses identifiants.</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
