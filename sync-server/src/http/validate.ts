/** Parses input with a zod schema; failures become 400 with the issues (see error-handler). */
import type { z } from 'zod/v4';
import { badRequest } from './errors.ts';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = 'Données invalides'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw badRequest(message, result.error.issues);
  return result.data;
}
