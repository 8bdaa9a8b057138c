/**
 * Services double as the maintenance-activity catalogue (as in the original): three global
 * seeds for everyone plus private activities a user creates, visible to that user only.
 */
import { z } from 'zod/v4';
import { defineCollection } from '../schema-kit/define-collection.ts';
import { epochMs } from './fields.ts';

export const servicesCollection = defineCollection({
  name: 'services',
  version: 0,
  table: 'services',
  owner: 'mixed',
  push: 'user',
  indexes: ['code', 'label'],
  fields: {
    /** Derived from the label (see maintenance/activity-code.ts); unique per user scope. */
    code: z.string().min(1).max(100),
    label: z.string().trim().min(1).max(255),
    description: z.string().max(2000).nullable(),
    /** 'global' rows are server seeds; 'private' rows belong to the user who created them. */
    scope: z.enum(['global', 'private']),
    createdAt: epochMs(),
  },
});
export type Service = z.infer<typeof servicesCollection.schema>;
