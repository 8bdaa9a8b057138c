import { z } from 'zod/v4';
import { defineCollection } from '../schema-kit/define-collection.ts';

/** The shared board-game catalogue (31 seeds, grown by AI enrichment). Field names follow the original API. */
export const gamesCollection = defineCollection({
  name: 'games',
  version: 0,
  table: 'games',
  owner: 'global',
  push: 'server-only',
  indexes: ['nom'],
  fields: {
    nom: z.string().trim().min(1).max(200),
    description: z.string().max(4000).nullable(),
    typeCode: z.string().min(1).max(50),
    joueursMin: z.int().min(1).max(99),
    joueursMax: z.int().min(1).max(99),
    ageCode: z.string().min(1).max(20),
    dureeMoyenneMinutes: z.int().min(0).max(10_000).nullable(),
    complexiteNiveau: z.int().min(1).max(5),
    imageUrl: z.string().max(500).nullable(),
  },
});
export type Game = z.infer<typeof gamesCollection.schema>;
