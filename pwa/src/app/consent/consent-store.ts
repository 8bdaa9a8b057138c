/**
 * The visitor's cookie choice, stored under localStorage `cookie-consent` ("accepted" / "refused")
 * as in the original, plus a "review" flag that reopens the banner from the footer.
 */
import { useSyncExternalStore } from 'react';

export const CONSENT_STORAGE_KEY = 'cookie-consent';
export type ConsentChoice = 'accepted' | 'refused';

export interface ConsentState {
  choice: ConsentChoice | null;
  /** The visitor asked to change their choice (footer "Gérer les cookies"). */
  reviewing: boolean;
}

function readChoice(): ConsentChoice | null {
  try {
    const raw = window.localStorage.getItem(CONSENT_STORAGE_KEY);
    return raw === 'accepted' || raw === 'refused' ? raw : null;
  } catch {
    // Storage can be blocked (privacy settings): then no choice is known and nothing is loaded.
    return null;
  }
}

class ConsentStore {
  private state: ConsentState = { choice: null, reviewing: false };
  private readonly listeners = new Set<() => void>();
  private loaded = false;

  private emit(next: ConsentState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  getSnapshot = (): ConsentState => {
    if (!this.loaded) {
      this.loaded = true;
      this.state = { choice: readChoice(), reviewing: false };
    }
    return this.state;
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    const onStorage = (event: StorageEvent) => {
      // Another tab changed the choice: follow it.
      if (event.key === CONSENT_STORAGE_KEY) this.emit({ ...this.state, choice: readChoice() });
    };
    window.addEventListener('storage', onStorage);
    return () => {
      this.listeners.delete(listener);
      window.removeEventListener('storage', onStorage);
    };
  };

  choose(choice: ConsentChoice): void {
    try {
      window.localStorage.setItem(CONSENT_STORAGE_KEY, choice);
    } catch {
      // Blocked storage: the choice holds for this page only, which is the best we can do.
    }
    this.emit({ choice, reviewing: false });
  }

  review(reviewing: boolean): void {
    this.emit({ ...this.state, reviewing });
  }

  /** Re-reads storage (tests, and after the visitor clears site data in another tab). */
  reload(): void {
    this.emit({ choice: readChoice(), reviewing: false });
  }
}

export const consentStore = new ConsentStore();

export function useConsent(): ConsentState {
  return useSyncExternalStore(consentStore.subscribe, consentStore.getSnapshot, consentStore.getSnapshot);
}
