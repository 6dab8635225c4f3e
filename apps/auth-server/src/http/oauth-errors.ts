import { GatehouseError, toOAuthErrorResponse } from '@gatehouse/errors';
import type { Context, Middleware, Next } from 'koa';
import type { ServerContext } from '../context.js';

/** `Cache-Control: no-store` and `Pragma: no-cache`, as RFC 6749 5.1 asks of token responses. */
export function noStore(ctx: Context): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
}

/** Sends an OAuth JSON body with `no-store`. */
export function sendJson(ctx: Context, status: number, body: unknown): void {
  noStore(ctx);
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = body;
}

/**
 * Turns anything thrown below into an RFC 6749 error body (`toOAuthErrorResponse`: a coded, exposed
 * error keeps its OAuth code and description; anything else is a bare `server_error`, logged here,
 * never shown), with `no-store`. `invalid_client` is a 401 with `WWW-Authenticate: Basic` (RFC 6749
 * 5.2: required when the client tried HTTP authentication, and every 401 needs a challenge).
 */
export function oauthErrors(server: Pick<ServerContext, 'log' | 'config'>): Middleware {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (error) {
      const { status, body } = toOAuthErrorResponse(error);
      if (!GatehouseError.isInstance(error) || !error.expose) {
        server.log.error({ err: error, path: ctx.path }, 'request failed');
      }
      if (body.error === 'invalid_client') {
        ctx.set('WWW-Authenticate', 'Basic realm="gatehouse", charset="UTF-8"');
      }
      sendJson(ctx, body.error === 'invalid_client' ? 401 : status, body);
    }
  };
}

/** 405 with `Allow` for a method an endpoint does not take. */
export function methodNotAllowed(ctx: Context, allow: string): void {
  ctx.set('Allow', allow);
  sendJson(ctx, 405, { error: 'invalid_request', error_description: `use ${allow}` });
}
