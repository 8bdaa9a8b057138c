/** First middleware: every thrown error becomes a JSON envelope; unexpected ones are logged, never leaked. */
import type { Middleware } from 'koa';
import { ZodError } from 'zod/v4';
import { errorCodes, type ErrorBody } from '@itercraft/shared/errors';
import type { Logger } from '../platform/logger.ts';
import { AppError } from './errors.ts';

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

export function errorHandler(logger: Logger): Middleware {
  return async function errorHandler(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: errorCodes.NOT_FOUND, message: 'Ressource introuvable' } } satisfies ErrorBody;
      }
    } catch (err) {
      if (err instanceof AppError) {
        ctx.status = err.status;
        ctx.body = { error: { code: err.code, message: err.message, details: err.details } } satisfies ErrorBody;
        return;
      }
      if (err instanceof ZodError) {
        ctx.status = 400;
        ctx.body = {
          error: { code: errorCodes.VALIDATION, message: 'Données invalides', details: err.issues },
        } satisfies ErrorBody;
        return;
      }
      const e = err as HttpishError;
      const status = e.status ?? e.statusCode ?? 500;
      if (status === 401) {
        ctx.status = 401;
        ctx.body = { error: { code: errorCodes.UNAUTHORIZED, message: 'Authentification requise' } } satisfies ErrorBody;
        return;
      }
      if (status === 413) {
        ctx.status = 413;
        ctx.body = { error: { code: errorCodes.PAYLOAD_TOO_LARGE, message: 'Requête trop volumineuse' } } satisfies ErrorBody;
        return;
      }
      if (status >= 400 && status < 500 && e.expose) {
        ctx.status = status;
        ctx.body = { error: { code: errorCodes.VALIDATION, message: e.message ?? 'Requête invalide' } } satisfies ErrorBody;
        return;
      }
      logger.error({ err, path: ctx.path, requestId: ctx.state.requestId as unknown }, 'unhandled error');
      ctx.status = 500;
      ctx.body = { error: { code: errorCodes.INTERNAL, message: 'Erreur interne' } } satisfies ErrorBody;
    }
  };
}
