/**
 * Keeps the browser's `beforeinstallprompt` event so the header can offer "Installer l'application"
 * (Chromium only; other browsers install from their own menu, and then no button is shown).
 * `listenForInstallPrompt()` runs in main.tsx before React renders: the event can fire early.
 */
import { useCallback, useSyncExternalStore } from 'react';

/** Chromium's event; not in the DOM typings. */
interface BeforeInstallPromptEvent extends Event {
  prompt: () => Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let deferred: BeforeInstallPromptEvent | null = null;
const listeners = new Set<() => void>();

function setDeferred(event: BeforeInstallPromptEvent | null): void {
  deferred = event;
  for (const listener of listeners) listener();
}

export function listenForInstallPrompt(target: Window = window): void {
  target.addEventListener('beforeinstallprompt', (event) => {
    // Keep the event instead of letting the browser show its mini-infobar at a random moment.
    event.preventDefault();
    setDeferred(event as BeforeInstallPromptEvent);
  });
  target.addEventListener('appinstalled', () => setDeferred(null));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useInstallPrompt(): { canInstall: boolean; install: () => Promise<void> } {
  const event = useSyncExternalStore(subscribe, () => deferred, () => null);
  const install = useCallback(async () => {
    if (!event) return;
    await event.prompt();
    await event.userChoice;
    // A prompt can be shown once; the browser fires a new event if installing is offered again.
    setDeferred(null);
  }, [event]);
  return { canInstall: event !== null, install };
}
