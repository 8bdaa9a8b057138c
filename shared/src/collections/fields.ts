/** Small field builders shared by the collection schemas, so bounds are stated once. */
import { z } from 'zod/v4';

/** Epoch milliseconds. Dates cross every boundary as numbers (RxDB forbids Date objects). */
export const epochMs = () => z.int().min(0).max(9_999_999_999_999);
export const nullableEpochMs = () => epochMs().nullable();
/** A reference to another document's id. */
export const ref = () => z.string().min(1).max(64);
/** zod 4 numbers already refuse NaN and ±Infinity, which JSON cannot carry anyway. */
export const finite = () => z.number();
