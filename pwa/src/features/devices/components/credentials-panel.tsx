/**
 * Shown once, right after an enrolment: the broker username, the password and the provisioning
 * file for the firmware. The password exists nowhere else (the server keeps only a hash), so the
 * panel counts as unsaved input until dismissed: an update must not reload it away.
 */
import { useEffect, useId, useMemo } from 'react';
import { useDirtyForm } from '../../../app/dirty-forms.ts';
import type { Enrolment } from '../devices-actions.ts';

export interface CredentialsPanelProps {
  enrolment: Enrolment;
  onDone: () => void;
}

export function CredentialsPanel({ enrolment, onDone }: CredentialsPanelProps) {
  const id = useId();
  const { provisioning } = enrolment;
  useDirtyForm(true);
  const href = useMemo(
    () => (typeof URL.createObjectURL === 'function' ? URL.createObjectURL(new Blob([provisioning.content], { type: provisioning.mediaType })) : null),
    [provisioning],
  );
  useEffect(() => () => void (href && URL.revokeObjectURL(href)), [href]);

  return (
    <section className="credentials-panel" aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`}>Identifiants de « {enrolment.device.name} »</h3>
      <p className="notice notice-warning" role="alert">
        <strong>Notez ce mot de passe maintenant : il ne sera plus jamais affiché.</strong> Le fichier {provisioning.filename} le contient
        aussi ; gardez-le privé (il permet d’envoyer des mesures en votre nom).
      </p>
      <dl className="credentials">
        <dt>Identifiant MQTT</dt>
        <dd>
          <code>{enrolment.username}</code>
        </dd>
        <dt>Mot de passe</dt>
        <dd>
          <code>{enrolment.password}</code>
        </dd>
        <dt>Serveur MQTT</dt>
        <dd>
          <code>
            {enrolment.broker.host}:{enrolment.broker.port}
          </code>
          {enrolment.broker.tls ? ' (TLS)' : ' (sans TLS)'}
        </dd>
      </dl>
      <div className="button-row">
        {href && (
          <a className="button-link" href={href} download={provisioning.filename}>
            Télécharger {provisioning.filename}
          </a>
        )}
        <button type="button" onClick={onDone}>
          J’ai noté ces informations
        </button>
      </div>
    </section>
  );
}
