import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { GA_SCRIPT_ID } from '../app/consent/analytics.ts';
import { CONSENT_STORAGE_KEY, consentStore } from '../app/consent/consent-store.ts';
import { CookieConsent } from './cookie-consent.tsx';
import { Footer } from './footer.tsx';

function renderShell() {
  return render(
    <MemoryRouter>
      <CookieConsent />
      <Footer />
    </MemoryRouter>,
  );
}

const banner = () => screen.queryByRole('region', { name: 'Consentement aux cookies' });
const gaScript = () => document.getElementById(GA_SCRIPT_ID) as HTMLScriptElement | null;

beforeEach(() => {
  localStorage.clear();
  document.getElementById(GA_SCRIPT_ID)?.remove();
  delete window.gtag;
  delete window.dataLayer;
  act(() => consentStore.reload());
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('CookieConsent', () => {
  it('asks until a choice is stored under "cookie-consent"', () => {
    renderShell();
    expect(banner()).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Refuser' }));
    expect(localStorage.getItem(CONSENT_STORAGE_KEY)).toBe('refused');
    expect(banner()).toBeNull();
  });

  it('stays hidden when a choice was made earlier', () => {
    localStorage.setItem(CONSENT_STORAGE_KEY, 'accepted');
    act(() => consentStore.reload());
    renderShell();
    expect(banner()).toBeNull();
  });

  it('never loads analytics when no measurement id is configured, even after "Accepter"', () => {
    vi.stubEnv('VITE_GA_MEASUREMENT_ID', '');
    renderShell();
    fireEvent.click(screen.getByRole('button', { name: 'Accepter' }));
    expect(localStorage.getItem(CONSENT_STORAGE_KEY)).toBe('accepted');
    expect(gaScript()).toBeNull();
    expect(window.gtag).toBeUndefined();
  });

  it('loads analytics only after "Accepter" when a measurement id is configured', () => {
    vi.stubEnv('VITE_GA_MEASUREMENT_ID', 'G-TEST123');
    renderShell();
    expect(gaScript()).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Accepter' }));
    expect(gaScript()?.src).toBe('https://www.googletagmanager.com/gtag/js?id=G-TEST123');
  });

  it('does not load analytics after "Refuser"', () => {
    vi.stubEnv('VITE_GA_MEASUREMENT_ID', 'G-TEST123');
    renderShell();
    fireEvent.click(screen.getByRole('button', { name: 'Refuser' }));
    expect(gaScript()).toBeNull();
  });

  it('lets the visitor change the choice from the footer, and withdrawing turns measurement off', () => {
    vi.stubEnv('VITE_GA_MEASUREMENT_ID', 'G-TEST123');
    localStorage.setItem(CONSENT_STORAGE_KEY, 'accepted');
    act(() => consentStore.reload());
    renderShell();
    expect(gaScript()).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Gérer les cookies' }));
    expect(banner()?.textContent).toContain('Votre choix actuel : accepté.');
    const calls: unknown[][] = [];
    window.gtag = (...args: unknown[]) => calls.push(args);
    fireEvent.click(screen.getByRole('button', { name: 'Refuser' }));
    expect(localStorage.getItem(CONSENT_STORAGE_KEY)).toBe('refused');
    expect(calls).toContainEqual(['consent', 'update', { analytics_storage: 'denied' }]);
    expect(banner()).toBeNull();
  });
});
