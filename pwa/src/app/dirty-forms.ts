/**
 * Which forms hold unsaved input. Feature forms call `useDirtyForm(isDirty)`; the update prompt
 * reads `useDirtyFormCount()` and never reloads the page while a form is being edited, and a
 * `beforeunload` guard asks before the tab is closed on unsaved input.
 */
import { createContext, useContext, useEffect, useId, useSyncExternalStore } from 'react';

export class DirtyFormRegistry {
  private readonly dirty = new Set<string>();
  private readonly listeners = new Set<() => void>();

  set(formId: string, isDirty: boolean): void {
    const had = this.dirty.has(formId);
    if (isDirty === had) return;
    if (isDirty) this.dirty.add(formId);
    else this.dirty.delete(formId);
    for (const listener of this.listeners) listener();
  }

  count(): number {
    return this.dirty.size;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The registry of this page; tests may provide their own through `DirtyFormContext`. */
export const dirtyFormRegistry = new DirtyFormRegistry();
export const DirtyFormContext = createContext<DirtyFormRegistry>(dirtyFormRegistry);

/**
 * Declares that the calling form holds unsaved input while `isDirty` is true.
 * Pass `false` once the input is saved (a local RxDB write is enough) or abandoned.
 */
export function useDirtyForm(isDirty: boolean): void {
  const registry = useContext(DirtyFormContext);
  const formId = useId();
  useEffect(() => {
    registry.set(formId, isDirty);
    return () => registry.set(formId, false);
  }, [registry, formId, isDirty]);
}

/** Number of forms currently holding unsaved input. */
export function useDirtyFormCount(): number {
  const registry = useContext(DirtyFormContext);
  return useSyncExternalStore(
    (l) => registry.subscribe(l),
    () => registry.count(),
    () => 0,
  );
}

/** Asks the browser to confirm closing the tab while a form holds unsaved input. */
export function useUnsavedInputGuard(): void {
  const count = useDirtyFormCount();
  useEffect(() => {
    if (count === 0) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [count]);
}
