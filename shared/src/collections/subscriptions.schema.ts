import type { z } from 'zod/v4';
import { defineCollection } from '../schema-kit/define-collection.ts';
import { epochMs, ref } from './fields.ts';

/** A user's subscription to a service; the id is derived from (user, service) so two offline devices converge. */
export const subscriptionsCollection = defineCollection({
  name: 'subscriptions',
  version: 0,
  table: 'subscriptions',
  owner: 'user',
  push: 'user',
  indexes: ['serviceId'],
  fields: {
    serviceId: ref(),
    subscribedAt: epochMs(),
  },
});
export type Subscription = z.infer<typeof subscriptionsCollection.schema>;
