/** The RxDB conflict handler of every replicated collection: applies resolveConflict(). */
import { defaultConflictHandler, type RxConflictHandler, type WithDeleted } from 'rxdb';
import { canonical, resolveConflict } from './conflict.ts';

export function createConflictHandler<T>(now: () => number): RxConflictHandler<T> {
  return {
    isEqual: defaultConflictHandler.isEqual as RxConflictHandler<T>['isEqual'],
    resolve(input) {
      const asRecord = (d: WithDeleted<T>) => d as unknown as Record<string, unknown>;
      const resolution = resolveConflict(
        canonical(asRecord(input.newDocumentState)),
        input.assumedMasterState ? canonical(asRecord(input.assumedMasterState)) : null,
        canonical(asRecord(input.realMasterState)),
      );
      if (resolution.kind === 'server') return Promise.resolve(input.realMasterState);
      // The push handler returned the master in local form (pendingAt: null); the merge is a new
      // local write, pending until the server acknowledges it.
      const { deleted, ...fields } = resolution.doc;
      return Promise.resolve({ ...fields, pendingAt: now(), _deleted: deleted } as unknown as WithDeleted<T>);
    },
  };
}
