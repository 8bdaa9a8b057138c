/**
 * The consent banner (localStorage `cookie-consent`: accepted / refused). Shown until a choice is
 * made, and again when the footer's "Gérer les cookies" is used. Analytics follow the choice and
 * load only when a measurement id is configured.
 */
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { applyAnalyticsConsent } from '../app/consent/analytics.ts';
import { consentStore, useConsent } from '../app/consent/consent-store.ts';
import { gaMeasurementId } from '../app/env.ts';

function useAnalyticsFollowingConsent(choice: 'accepted' | 'refused' | null): void {
  useEffect(() => applyAnalyticsConsent(choice, gaMeasurementId()), [choice]);
}

export function CookieConsent() {
  const { choice, reviewing } = useConsent();
  const sectionRef = useRef<HTMLElement>(null);
  useAnalyticsFollowingConsent(choice);
  const visible = choice === null || reviewing;

  // When reopened from the footer, move focus to the banner so keyboard users land on it.
  useEffect(() => {
    if (reviewing) sectionRef.current?.focus();
  }, [reviewing]);

  if (!visible) return null;
  const analyticsConfigured = gaMeasurementId() !== null;
  return (
    <section ref={sectionRef} tabIndex={-1} className="cookie-banner" aria-label="Consentement aux cookies">
      <p>
        Ce site utilise des stockages techniques nécessaires à son fonctionnement et, seulement si vous l’acceptez,
        des cookies de mesure d’audience. <Link to="/cookies">En savoir plus</Link>
      </p>
      {!analyticsConfigured && (
        <p className="muted">Aucune mesure d’audience n’est active actuellement : votre choix s’appliquera si elle l’est un jour.</p>
      )}
      {choice && <p className="muted">Votre choix actuel : {choice === 'accepted' ? 'accepté' : 'refusé'}.</p>}
      <div className="button-row">
        <button type="button" onClick={() => consentStore.choose('accepted')}>
          Accepter
        </button>
        <button type="button" onClick={() => consentStore.choose('refused')}>
          Refuser
        </button>
      </div>
    </section>
  );
}
