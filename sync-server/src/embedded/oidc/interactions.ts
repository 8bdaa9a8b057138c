/**
 * The interaction routes of the embedded identity provider (mounted inside oidc-provider, so
 * paths are relative to the issuer): the French sign-in page, its form, "Annuler", and the
 * automatic consent for our own first-party client.
 *
 * CSRF: every route is bound to the interaction in progress. oidc-provider keeps its uid in a
 * SameSite=Lax, httpOnly cookie scoped to this interaction's path, and `interactionDetails`
 * fails without it; a request whose path uid differs from the cookie's is refused as well.
 */
import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';
import type { DemoDirectory } from './demo-users.ts';
import { errorPage, loginPage } from './pages.ts';

export interface InteractionOptions {
  mountPath: string;
  clientId: string;
  /** Extra origins the login form may redirect to (the PWA's redirect URIs). */
  formActionOrigins: string[];
}

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/login|\/abort)?$/;
const MAX_FORM_BYTES = 8 * 1024;
export const WRONG_CREDENTIALS = 'Identifiant ou mot de passe incorrect.';
const EXPIRED = 'Cette demande de connexion a expiré ou a déjà été utilisée. Revenez à l’application et reconnectez-vous.';

async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) throw Object.assign(new Error('form expected'), { status: 415 });
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw Object.assign(new Error('form too large'), { status: 413 });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendHtml(ctx: Context, status: number, html: string, formActionOrigins: string[]): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.set(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formActionOrigins.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
  );
  ctx.body = html;
}

/** Grants what the client asked for, without a consent screen: the only client is our own PWA. */
async function autoConsent(provider: Provider, details: InteractionDetails): Promise<string> {
  const accountId = details.session?.accountId;
  const clientId = String(details.params.client_id);
  if (!accountId) throw new Error('consent without a signed-in session');
  const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
  return grant.save();
}

export function interactionRoutes(provider: Provider, users: DemoDirectory, opts: InteractionOptions): Middleware {
  const base = (uid: string) => `${opts.mountPath}/interaction/${uid}`;
  const html = (ctx: Context, status: number, body: string) => sendHtml(ctx, status, body, opts.formActionOrigins);

  async function handle(ctx: Context, uid: string, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== uid) throw Object.assign(new Error('interaction mismatch'), { status: 400 });
    const finish = async (result: Parameters<Provider['interactionFinished']>[2]) => {
      await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: action !== '/login' });
      ctx.respond = false; // interactionFinished wrote the 303 itself
    };
    if (action === '/abort' && ctx.method === 'GET') {
      return finish({ error: 'access_denied', error_description: 'Connexion annulée par l’utilisateur' });
    }
    if (details.prompt.name === 'login' && action === '/login' && ctx.method === 'POST') {
      const form = await readForm(ctx);
      const username = form.get('username') ?? '';
      const user = users.verify(username, form.get('password') ?? '');
      if (!user) return html(ctx, 401, loginPage({ action: `${base(uid)}/login`, abortUrl: `${base(uid)}/abort`, username, error: WRONG_CREDENTIALS }));
      return finish({ login: { accountId: user.sub, remember: true } });
    }
    if (details.prompt.name === 'login' && action === undefined && ctx.method === 'GET') {
      return html(ctx, 200, loginPage({ action: `${base(uid)}/login`, abortUrl: `${base(uid)}/abort` }));
    }
    if (details.prompt.name === 'consent' && action === undefined && ctx.method === 'GET') {
      if (details.params.client_id !== opts.clientId) return finish({ error: 'access_denied', error_description: 'Client inconnu' });
      return finish({ consent: { grantId: await autoConsent(provider, details) } });
    }
    throw Object.assign(new Error('unexpected interaction step'), { status: 400 });
  }

  return async function interactions(ctx, next) {
    const match = ROUTE.exec(ctx.path);
    if (!match?.[1]) {
      await next();
      return;
    }
    try {
      await handle(ctx, match[1], match[2]);
    } catch (err) {
      if (ctx.res.headersSent) throw err; // a response already started; let oidc-provider report it
      const status = (err as { status?: number }).status ?? 500;
      if (status >= 500) ctx.app.emit('error', err, ctx);
      const message = status === 400 ? EXPIRED : status < 500 ? 'Requête invalide.' : 'Une erreur inattendue est survenue.';
      html(ctx, status, errorPage(message));
    }
  };
}
