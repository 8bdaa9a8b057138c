import type { Middleware } from 'koa';
import { SERVER_TIME_HEADER } from '@itercraft/shared/sync/protocol';
import type { Clock } from '../platform/clock.ts';

/** Every response carries the server clock so clients measure their offset at each sync. */
export function serverTime(clock: Clock): Middleware {
  return async function serverTime(ctx, next) {
    ctx.set(SERVER_TIME_HEADER, String(clock.now()));
    await next();
  };
}
