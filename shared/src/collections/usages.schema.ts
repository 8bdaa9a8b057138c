import type { z } from 'zod/v4';
import { defineCollection } from '../schema-kit/define-collection.ts';
import { epochMs, ref } from './fields.ts';

/**
 * One document per "used once" event. Counting documents (not incrementing a counter) makes
 * offline increments from several devices add up exactly.
 */
export const usagesCollection = defineCollection({
  name: 'usages',
  version: 0,
  table: 'usages',
  owner: 'user',
  push: 'user',
  indexes: [['serviceId', 'usedAt']],
  fields: {
    serviceId: ref(),
    usedAt: epochMs(),
  },
});
export type Usage = z.infer<typeof usagesCollection.schema>;
