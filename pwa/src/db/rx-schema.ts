/**
 * RxDB schemas of the replicated collections, derived from the shared zod definitions
 * (conventions B6), plus the local-only `pendingAt` marker that never crosses the network.
 */
import type { RxJsonSchema } from 'rxdb';
import type { CollectionDefinition } from '@itercraft/shared/schema-kit/define-collection';
import { toRxJsonSchema } from '@itercraft/shared/schema-kit/json-schema';

/**
 * Server time (epoch ms) of the last local write not yet acknowledged by the server, or null.
 * Set by the write helpers in the same write as the change; reset to null by the pull
 * modifier when the server's version of the document comes back.
 */
export const pendingAtField = {
  type: ['integer', 'null'],
  minimum: 0,
  maximum: 9_999_999_999_999,
  multipleOf: 1,
};

export function localRxSchema<T>(def: CollectionDefinition): RxJsonSchema<T> {
  return toRxJsonSchema(def, { pendingAt: { ...pendingAtField } }) as unknown as RxJsonSchema<T>;
}
