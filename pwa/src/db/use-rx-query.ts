/**
 * Reactive RxDB query → React state. Local documents are read only this way (conventions B4:
 * no TanStack cache in front of RxDB). Works offline by construction; re-renders on local writes,
 * writes of other tabs and replicated changes.
 *
 *   const sessions = useRxQuery(db.maintenanceSessions.find({ selector: { endedAt: null } }));
 *   sessions.result?.map((doc) => doc.startedAt)
 *
 * The query may be rebuilt on every render: it is re-subscribed only when its content changes.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { Observable } from 'rxjs';

/** What the hook needs from an RxQuery (find, findOne, count). */
export interface ReactiveQuery<Result> {
  readonly $: Observable<Result>;
  readonly collection?: { readonly name: string };
  toString(): string;
}

export interface RxQueryState<Result> {
  /** Undefined until the first result arrives (a few milliseconds, local storage only). */
  result: Result | undefined;
  loading: boolean;
  error: Error | null;
}

interface QueryStore<Result> {
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => RxQueryState<Result>;
}

const idle: RxQueryState<never> = { result: undefined, loading: false, error: null };

function createQueryStore<Result>(query: ReactiveQuery<Result> | null | undefined): QueryStore<Result> {
  let snapshot: RxQueryState<Result> = query ? { result: undefined, loading: true, error: null } : idle;
  return {
    getSnapshot: () => snapshot,
    subscribe: (listener) => {
      if (!query) return () => undefined;
      const sub = query.$.subscribe({
        next: (result) => {
          snapshot = { result, loading: false, error: null };
          listener();
        },
        error: (err: unknown) => {
          snapshot = { result: snapshot.result, loading: false, error: err instanceof Error ? err : new Error(String(err)) };
          listener();
        },
      });
      return () => sub.unsubscribe();
    },
  };
}

export function useRxQuery<Result>(query: ReactiveQuery<Result> | null | undefined): RxQueryState<Result> {
  const key = query ? `${query.collection?.name ?? ''}|${query.toString()}` : '';
  // The store follows the query's content, not the object identity of each render's query.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const store = useMemo(() => createQueryStore(query), [key]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
