import type { Middleware } from 'koa';

const ALLOW = 'GET, HEAD, OPTIONS';

/**
 * A middleware serving `document` as public JSON at exactly `paths`: GET and HEAD answer 200 with
 * `application/json`, `Cache-Control: public, max-age=…` and `Access-Control-Allow-Origin: *`;
 * OPTIONS answers a CORS preflight (browser clients send `MCP-Protocol-Version`); any other method
 * gets 405 with `Allow`. Other paths pass through.
 */
export function serveDocument(
  document: object,
  paths: readonly string[],
  maxAgeSeconds: number,
): Middleware {
  const body = JSON.stringify(document);
  const cacheControl = `public, max-age=${maxAgeSeconds}`;
  return async function serveMetadata(ctx, next) {
    if (!paths.includes(ctx.path)) return next();
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      ctx.status = 200;
      ctx.set('Cache-Control', cacheControl);
      ctx.type = 'application/json';
      ctx.body = body;
      return;
    }
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      ctx.set('Access-Control-Allow-Methods', ALLOW);
      ctx.set('Access-Control-Allow-Headers', '*');
      ctx.set('Access-Control-Max-Age', '86400');
      return;
    }
    ctx.status = 405;
    ctx.set('Allow', ALLOW);
  };
}

/** Checks the `maxAgeSeconds` option shared by the document middlewares. */
export function checkMaxAge(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name}: maxAgeSeconds must be a non-negative integer`);
  }
  return value;
}

/** Throws unless `document` is a frozen object, as the `define*` functions return. */
export function checkDefined(name: string, document: unknown, define: string): void {
  if (typeof document !== 'object' || document === null || !Object.isFrozen(document)) {
    throw new TypeError(`${name}: pass the document returned by ${define}()`);
  }
}
