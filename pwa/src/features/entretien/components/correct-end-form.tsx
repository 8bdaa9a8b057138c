/** "Corriger": sets an earlier end on an auto-stopped session (a small labelled form). */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useDirtyForm } from '../../../app/dirty-forms.ts';
import type { ActionResult } from '../entretien-actions.ts';
import type { SessionDoc } from '../entretien-model.ts';
import { fromLocalInput, toLocalInput } from './time-format.ts';

export interface CorrectEndFormProps {
  session: SessionDoc;
  onSave: (endedAt: number) => Promise<ActionResult>;
  onClose: () => void;
}

export function CorrectEndForm({ session, onSave, onClose }: CorrectEndFormProps) {
  const initial = toLocalInput(session.endedAt ?? session.startedAt);
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();
  useDirtyForm(value !== initial);
  useEffect(() => input.current?.focus(), []);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (value === initial) {
      onClose();
      return;
    }
    const endedAt = fromLocalInput(value);
    if (endedAt === null) {
      setError('Indiquez une date et une heure de fin');
      return;
    }
    const result = await onSave(endedAt);
    if (result.ok) onClose();
    else setError(result.message);
  }

  return (
    <form className="entretien-correct" aria-label="Corriger la fin de la session" onSubmit={(e) => void handleSubmit(e)} noValidate>
      <label htmlFor={inputId}>Nouvelle fin</label>
      <input
        ref={input}
        id={inputId}
        type="datetime-local"
        step={60}
        min={toLocalInput(session.startedAt)}
        max={initial}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      />
      <button type="submit">Enregistrer</button>
      <button type="button" onClick={onClose}>
        Annuler
      </button>
      {error && (
        <p id={errorId} className="entretien-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
