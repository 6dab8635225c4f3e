import type { Router } from '@koa/router';
import type { ServerContext } from '../context.js';
import { cors } from '../http/cors.js';
import { methodNotAllowed } from '../http/oauth-errors.js';
import { endpointRouter } from '../http/router.js';

/**
 * `GET /jwks.json`: the public keys, including a key published ahead of signing (rotation) and
 * retired keys whose tokens may still be alive. Cached for at most `keyPublishSeconds` (5 min), so a
 * resource server sees a new key before the first token signed with it.
 */
export function jwksRoutes(server: ServerContext): Router {
  const router = endpointRouter(server.config);
  const maxAge = Math.min(300, server.config.keyPublishSeconds);
  router.all('/jwks.json', cors(['GET', 'HEAD']), (ctx) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return methodNotAllowed(ctx, 'GET, HEAD');
    ctx.set('Cache-Control', maxAge > 0 ? `public, max-age=${maxAge}` : 'no-cache');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = 'application/jwk-set+json';
    ctx.body = server.keys.current().publicJwks();
  });
  return router;
}
