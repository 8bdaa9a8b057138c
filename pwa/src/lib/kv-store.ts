/**
 * A tiny synchronous key-value store for small device-local settings (clock offset, last sync
 * time). localStorage in the browser; an in-memory map in Node tests and benchmarks, so two
 * clients in one process never share state by accident.
 */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export function memoryKeyValueStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    remove: (key) => void map.delete(key),
  };
}

/** localStorage when it exists and works (private modes may throw), else memory. */
export function browserKeyValueStore(): KeyValueStore {
  try {
    const storage = globalThis.localStorage;
    if (!storage) return memoryKeyValueStore();
    const probe = '__itercraft_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return {
      get: (key) => storage.getItem(key),
      set: (key, value) => {
        try {
          storage.setItem(key, value);
        } catch {
          // Quota exceeded: these values are conveniences, losing one is harmless.
        }
      },
      remove: (key) => storage.removeItem(key),
    };
  } catch {
    return memoryKeyValueStore();
  }
}
