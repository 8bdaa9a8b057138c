/**
 * Application errors with stable codes; turned into `{ error: { code, message } }` responses
 * by the error handler in one place. Messages are French because the UI shows them.
 */
import { errorCodes, type ErrorCode } from '@itercraft/shared/errors';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown, code: ErrorCode = errorCodes.VALIDATION) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'Authentification requise') => new AppError(401, errorCodes.UNAUTHORIZED, message);
export const forbidden = (message = 'Accès refusé', code: ErrorCode = errorCodes.FORBIDDEN) => new AppError(403, code, message);
export const notFound = (message = 'Ressource introuvable') => new AppError(404, errorCodes.NOT_FOUND, message);
export const conflict = (message: string, code: ErrorCode = errorCodes.CONFLICT) => new AppError(409, code, message);
export const gone = (message: string, code: ErrorCode) => new AppError(410, code, message);
export const upgradeRequired = (message = "L'application doit être mise à jour") =>
  new AppError(426, errorCodes.CLIENT_OUTDATED, message);
export const unavailable = (message: string) => new AppError(503, errorCodes.UNAVAILABLE, message);
