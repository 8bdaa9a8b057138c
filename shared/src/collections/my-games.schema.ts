import { z } from 'zod/v4';
import { defineCollection } from '../schema-kit/define-collection.ts';
import { epochMs, ref } from './fields.ts';

/**
 * A game in a user's collection. Adding by title offline stores `requestedNom` with
 * `enrichment = 'pending'` and `jeuId = null`; the server completes it (catalogue match,
 * else Anthropic, else the fallback entry) and the result replicates back.
 */
export const myGamesCollection = defineCollection({
  name: 'myGames',
  version: 0,
  table: 'my_games',
  owner: 'user',
  push: 'user',
  indexes: ['addedAt'],
  fields: {
    jeuId: ref().nullable(),
    requestedNom: z.string().trim().min(1).max(200).nullable(),
    enrichment: z.enum(['pending', 'done', 'failed']),
    note: z.int().min(1).max(5).nullable(),
    addedAt: epochMs(),
  },
});
export type MyGame = z.infer<typeof myGamesCollection.schema>;
