/**
 * Setup of the `pwa` vitest project (happy-dom): an in-memory IndexedDB for RxDB's Dexie storage.
 * Each test file runs in its own environment, so databases never leak between files; tests
 * still close or remove the databases they open (RxDB counts open collections per process).
 */
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});
