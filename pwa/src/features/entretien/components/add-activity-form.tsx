/** "Nouvelle activité": a private activity, created locally (offline too). */
import { useId, useState, type FormEvent } from 'react';
import { useDirtyForm } from '../../../app/dirty-forms.ts';
import type { ActionResult } from '../entretien-actions.ts';

export interface AddActivityFormProps {
  onAdd: (label: string) => Promise<ActionResult>;
}

export function AddActivityForm({ onAdd }: AddActivityFormProps) {
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();
  useDirtyForm(label.trim() !== '');

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (label.trim() === '' || busy) return;
    setBusy(true);
    try {
      const result = await onAdd(label);
      if (result.ok) {
        setLabel('');
        setError(null);
      } else setError(result.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="entretien-add" onSubmit={(e) => void handleSubmit(e)} noValidate>
      <label htmlFor={inputId} className="visually-hidden">
        Nouvelle activité
      </label>
      <input
        id={inputId}
        type="text"
        value={label}
        maxLength={100}
        placeholder="Nouvelle activité (ex: Jardinage)"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          setLabel(e.target.value);
          setError(null);
        }}
      />
      <button type="submit" disabled={label.trim() === '' || busy}>
        Ajouter
      </button>
      {error && (
        <p id={errorId} className="entretien-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
