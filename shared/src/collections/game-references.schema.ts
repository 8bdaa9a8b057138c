import { z } from 'zod/v4';
import { defineCollection } from '../schema-kit/define-collection.ts';

/** Ludothèque reference data (types, age bands, complexity levels) in one read-only collection. */
export const gameReferencesCollection = defineCollection({
  name: 'gameReferences',
  version: 0,
  table: 'game_references',
  owner: 'global',
  push: 'server-only',
  indexes: ['kind'],
  fields: {
    kind: z.enum(['type', 'age', 'complexite']),
    /** `lettres_mots`, `tout_public`, … ; the level number as text for complexities. */
    code: z.string().min(1).max(50),
    libelle: z.string().min(1).max(100),
    /** Age bands only. */
    ageMinimum: z.int().min(0).max(99).nullable(),
    /** Complexity levels only (1..5). */
    niveau: z.int().min(1).max(5).nullable(),
  },
});
export type GameReference = z.infer<typeof gameReferencesCollection.schema>;
