import { auditTrail } from '@gatehouse/audit/koa';
import type { RegistrationPolicy } from '@gatehouse/registration';
import Koa, { type Context, type Next } from 'koa';
import type { ServerContext } from './context.js';
import { sendJson } from './http/oauth-errors.js';
import { basePath } from './oauth/client-auth.js';
import type { ClientJwksFetcher } from './oauth/client-jwks.js';
import { registrationPolicyFor } from './oauth/registration-policy.js';
import { authorizeRoutes } from './routes/authorize.js';
import { introspectRoutes } from './routes/introspect.js';
import { jwksRoutes } from './routes/jwks.js';
import { metadataRoute } from './routes/metadata.js';
import { registerRoutes } from './routes/register.js';
import { revokeRoutes } from './routes/revoke.js';
import { jwksFetcherFor, tokenRoutes } from './routes/token.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Signs session cookies, CSRF tokens and form state (`loadSessionSecret`); at least 32 bytes. */
  sessionSecret: Uint8Array;
  /** DCR and CIMD rules; default `registrationPolicyFor(config)`. */
  registrationPolicy?: RegistrationPolicy;
  /** The `private_key_jwt` `jwks_uri` fetcher; default: the pinned path with the config's test mode. */
  jwks?: ClientJwksFetcher;
}

/**
 * The authorization server as a Koa app: one module per endpoint (`routes/*.ts`), mounted under the
 * issuer's path. Order: a last-resort error body (never a stack trace), `auditTrail` (request ids,
 * `ctx.state.audit`), `nosniff`, then the endpoints, then a JSON 404. `trustProxy` sets Koa's `proxy`
 * with `maxIpsCount: 1`: only the address the one trusted proxy appended to `X-Forwarded-For` counts.
 */
export function createApp(server: ServerContext, options: AppOptions): Koa {
  const { config } = server;
  const app = new Koa({ proxy: config.trustProxy, maxIpsCount: 1 });
  app.silent = true;
  app.on('error', (error: unknown) => server.log.error({ err: error }, 'unhandled error'));
  const policy = options.registrationPolicy ?? registrationPolicyFor(config);
  const jwks = options.jwks ?? jwksFetcherFor(server);

  app.use(lastResort(server));
  app.use(auditTrail({ logger: server.audit }));
  app.use(async (ctx: Context, next: Next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  });
  app.use(metadataRoute(config));
  const routers = [
    jwksRoutes(server),
    tokenRoutes(server, jwks),
    registerRoutes(server, policy),
    revokeRoutes(server, jwks),
    introspectRoutes(server, jwks),
    authorizeRoutes(server, {
      sessionSecret: options.sessionSecret,
      path: `${basePath(config)}/authorize`,
    }),
  ];
  for (const router of routers) app.use(router.routes());
  app.use((ctx: Context) => {
    sendJson(ctx, 404, { error: 'invalid_request', error_description: 'no such endpoint' });
  });
  return app;
}

/** Anything that escapes a route: a bare JSON error, never a message or a stack. */
function lastResort(server: ServerContext) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const clientError = typeof status === 'number' && status >= 400 && status < 500;
      if (!clientError) server.log.error({ err: error, path: ctx.path }, 'request failed');
      sendJson(
        ctx,
        clientError ? status : 500,
        clientError ? { error: 'invalid_request' } : { error: 'server_error' },
      );
    }
  };
}
