/**
 * Errors from the sync server, parsed from its `{ error: { code, message } }` envelope, plus the
 * two failures that have no envelope: the network (offline, DNS, CORS) and a non-JSON body.
 * Messages are French because the UI shows them as they are.
 */
import { isErrorBody, type ErrorCode } from '@itercraft/shared/errors';

export type ApiErrorKind =
  /** No response at all: offline, server down, request aborted by the network. */
  | 'network'
  /** 401: the access token is missing, expired or refused. */
  | 'unauthorized'
  /** 426: this build of the app is too old for the server. */
  | 'outdated'
  /** Any other 4xx with a meaningful code. */
  | 'client'
  /** 5xx or an unreadable response. */
  | 'server';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  static network(cause?: unknown): ApiError {
    const err = new ApiError('network', 0, 'NETWORK', 'Serveur injoignable : vérifiez la connexion');
    if (cause !== undefined) (err as { cause?: unknown }).cause = cause;
    return err;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

function kindOf(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 426) return 'outdated';
  if (status >= 400 && status < 500) return 'client';
  return 'server';
}

const defaultMessages: Record<ApiErrorKind, string> = {
  network: 'Serveur injoignable : vérifiez la connexion',
  unauthorized: 'Session expirée : reconnectez-vous pour synchroniser',
  outdated: "Nouvelle version requise : rechargez l'application",
  client: 'Requête refusée par le serveur',
  server: 'Le serveur a rencontré une erreur, nouvel essai bientôt',
};

/** Builds an ApiError from a non-2xx response, reading the error envelope when there is one. */
export async function parseErrorResponse(res: Response): Promise<ApiError> {
  const kind = kindOf(res.status);
  let body: unknown;
  try {
    const text = await res.text();
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    body = null;
  }
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    // 401/426 keep our own wording: the server's text is about the request, ours tells what to do.
    const text = kind === 'unauthorized' || kind === 'outdated' ? defaultMessages[kind] : message || defaultMessages[kind];
    return new ApiError(kind, res.status, code, text, details);
  }
  const code = kind === 'unauthorized' ? 'UNAUTHORIZED' : kind === 'outdated' ? 'CLIENT_OUTDATED' : `HTTP_${res.status}`;
  return new ApiError(kind, res.status, code, defaultMessages[kind]);
}

/** A French message for anything thrown by our HTTP code. */
export function errorMessage(err: unknown): string {
  if (isApiError(err)) return err.message;
  if (err instanceof Error && err.name === 'AbortError') return 'Requête annulée';
  return 'Erreur inattendue';
}
