import { describe, expect, it } from 'vitest';
import { readCookie } from './api-client.ts';
import { parseErrorResponse } from './api-error.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('error parsing', () => {
  it('reads the {error:{code,message}} envelope', async () => {
    const err = await parseErrorResponse(json(400, { error: { code: 'VALIDATION', message: 'Libellé requis', details: [1] } }));
    expect(err).toMatchObject({ kind: 'client', status: 400, code: 'VALIDATION', message: 'Libellé requis', details: [1] });
  });

  it('classifies 401, 410, 426 and 5xx, with or without an envelope', async () => {
    expect(await parseErrorResponse(json(401, { error: { code: 'UNAUTHORIZED', message: 'jwt expired' } }))).toMatchObject({
      kind: 'unauthorized',
      message: 'Session expirée : reconnectez-vous pour synchroniser',
    });
    expect(await parseErrorResponse(json(410, { error: { code: 'CHECKPOINT_EXPIRED', message: 'trop ancien' } }))).toMatchObject({
      kind: 'client',
      code: 'CHECKPOINT_EXPIRED',
    });
    expect(await parseErrorResponse(new Response('Upgrade', { status: 426 }))).toMatchObject({ kind: 'outdated', code: 'CLIENT_OUTDATED' });
    expect(await parseErrorResponse(new Response('<html>', { status: 502 }))).toMatchObject({ kind: 'server', code: 'HTTP_502' });
  });

  it('reads the CSRF cookie among others', () => {
    expect(readCookie('a=1; XSRF-TOKEN=abc%3D; b=2', 'XSRF-TOKEN')).toBe('abc=');
    expect(readCookie('a=1', 'XSRF-TOKEN')).toBeNull();
  });
});
