/**
 * Error codes shared by server responses and client handling. Every 4xx body is
 * `{ error: { code, message } }`; messages are in French because the UI shows them.
 */
export const errorCodes = {
  VALIDATION: 'VALIDATION',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  CSRF: 'CSRF',
  CONFLICT: 'CONFLICT',
  DUPLICATE: 'DUPLICATE',
  CLIENT_OUTDATED: 'CLIENT_OUTDATED',
  CHECKPOINT_EXPIRED: 'CHECKPOINT_EXPIRED',
  READ_ONLY: 'READ_ONLY',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes] | (string & {});

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const e = (value as { error?: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}
