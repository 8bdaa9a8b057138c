/**
 * "Nouvelle activité": a private activity, created locally (offline too). The "Corriger" link of
 * a refused activity no longer on this device puts its name back here with the server's reason.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useDirtyForm } from '../../../app/dirty-forms.ts';
import type { ActionResult } from '../entretien-actions.ts';

export interface RefusedActivity {
  /** Id of the refused activity (its sync issue). */
  id: string;
  label: string;
  reason: string;
  /** A new key is a new request: the name and reason are put back and the field focused again. */
  key: string;
}

export interface AddActivityFormProps {
  onAdd: (label: string) => Promise<ActionResult>;
  /** A refused activity to fix: its name in the field, the refusal as the field's error. */
  refused?: RefusedActivity | null;
  /** A fixed version of this refused activity was created. */
  onFixed?: (refused: RefusedActivity) => void;
}

export function AddActivityForm({ onAdd, refused = null, onFixed }: AddActivityFormProps) {
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The refusal being fixed, shown until an add succeeds (typing does not hide why it was refused).
  const [fixing, setFixing] = useState<RefusedActivity | null>(null);
  const [handledKey, setHandledKey] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();
  const refusalId = useId();
  useDirtyForm(label.trim() !== '');
  if (refused && refused.key !== handledKey) {
    setHandledKey(refused.key);
    setFixing(refused);
    setLabel(refused.label);
    setError(null);
  }
  const describedBy = [fixing ? refusalId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const focusKey = refused?.key;
  useEffect(() => {
    if (focusKey === undefined) return;
    input.current?.scrollIntoView?.({ block: 'center' });
    input.current?.focus();
  }, [focusKey]);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (label.trim() === '' || busy) return;
    setBusy(true);
    try {
      const result = await onAdd(label);
      if (result.ok) {
        setLabel('');
        setError(null);
        if (fixing !== null) {
          setFixing(null);
          onFixed?.(fixing);
        }
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
        ref={input}
        id={inputId}
        type="text"
        value={label}
        maxLength={100}
        placeholder="Nouvelle activité (ex: Jardinage)"
        aria-invalid={error || fixing ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          setLabel(e.target.value);
          setError(null);
        }}
      />
      <button type="submit" disabled={label.trim() === '' || busy}>
        Ajouter
      </button>
      {fixing && (
        <p id={refusalId} className="entretien-error" role="alert">
          L’activité « {fixing.label} » a été refusée par le serveur : {fixing.reason.replace(/[.\s]+$/, '')}. Corrigez son nom puis
          ajoutez-la.
        </p>
      )}
      {error && (
        <p id={errorId} className="entretien-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
