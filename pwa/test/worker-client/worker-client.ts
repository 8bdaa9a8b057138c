/**
 * A PWA data-layer client in its own worker thread, driven from a test or a benchmark. Several
 * full clients (all collections each) can run in one process this way, which the free RxDB's
 * per-realm collection budget would not allow in a single realm.
 */
import { Worker } from 'node:worker_threads';
import type { ClientApi, ClientInit, Request, Response } from './protocol.ts';

export interface WorkerClient extends ClientApi {
  close(): Promise<void>;
}

export async function startWorkerClient(init: ClientInit): Promise<WorkerClient> {
  const worker = new Worker(new URL('./entry.mjs', import.meta.url), { workerData: init });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: Response | 'ready') => {
      if (message === 'ready') return resolve();
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
    });
    worker.on('error', (err) => {
      failure = err;
      reject(err);
      for (const w of pending.values()) w.reject(err);
    });
  });
  await ready;

  const call = (method: keyof ClientApi, ...args: unknown[]) => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args } satisfies Request);
    });
  };
  const methods: (keyof ClientApi)[] = [
    'write', 'patch', 'remove', 'get', 'liveDocs', 'issue', 'issueCount', 'status', 'requests', 'responses',
    'setToken', 'goOffline', 'goOnline', 'discardRejected', 'awaitInSync', 'entretienView',
  ];
  const api = Object.fromEntries(methods.map((m) => [m, (...args: unknown[]) => call(m, ...args)])) as unknown as ClientApi;
  return {
    ...api,
    close: async () => {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      const timeout = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
