import type { Context, Middleware, Next } from 'koa';

/**
 * CORS for the endpoints browser-based MCP clients (MCP Inspector) call from a page: any origin, no
 * credentials (these endpoints take no cookies, so `*` exposes nothing a page could not send itself).
 * A preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered 204 here. Never mount it
 * on `/authorize`: that endpoint is navigated to, not fetched.
 */
export function cors(methods: readonly string[]): Middleware {
  const allowMethods = [...new Set([...methods, 'OPTIONS'])].join(', ');
  return async (ctx: Context, next: Next) => {
    ctx.vary('Origin');
    if (ctx.get('origin') === '') return next();
    ctx.set('Access-Control-Allow-Origin', '*');
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method') !== '') {
      ctx.set('Access-Control-Allow-Methods', allowMethods);
      ctx.set(
        'Access-Control-Allow-Headers',
        'Authorization, Content-Type, MCP-Protocol-Version, X-Request-Id',
      );
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    ctx.set('Access-Control-Expose-Headers', 'WWW-Authenticate, Retry-After, X-Request-Id');
    await next();
  };
}
