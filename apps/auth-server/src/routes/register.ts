import type { RegistrationPolicy } from '@gatehouse/registration';
import { registrationEndpoint } from '@gatehouse/registration/koa';
import type { Router } from '@koa/router';
import type { ServerContext } from '../context.js';
import { recordAudit } from '../http/audit.js';
import { cors } from '../http/cors.js';
import { consumeRateLimit } from '../http/rate-limit.js';
import { endpointRouter } from '../http/router.js';
import { basePath } from '../oauth/client-auth.js';

/**
 * `POST /register` (RFC 7591, MCP A18) through the registration package's endpoint (size caps,
 * validation, dedup, the active-client cap, `no-store`), with CORS, the per-address rate limit (429
 * with `Retry-After`), and `client.registered` / `client.rejected` audit events from the endpoint's
 * `onRegistered` / `onRejected` hooks.
 */
export function registerRoutes(server: ServerContext, policy: RegistrationPolicy): Router {
  const router = endpointRouter(server.config);
  const endpoint = registrationEndpoint({
    store: server.store.clients,
    policy,
    path: `${basePath(server.config)}/register`,
    rateLimit: (ctx) => consumeRateLimit(server, 'register', ctx),
    clock: () => server.now() * 1000,
    onRegistered: (client, ctx) =>
      recordAudit(ctx, {
        type: 'client.registered',
        actor: { clientId: client.client_id },
        target: { type: 'client', id: client.client_id },
        details: { authMethod: client.token_endpoint_auth_method },
      }),
    onRejected: (rejection, ctx) =>
      recordAudit(ctx, {
        type: 'client.rejected',
        reason: rejection.code,
        details: { status: rejection.status, error: rejection.error },
      }),
  });
  router.all('/register', cors(['POST']), endpoint);
  return router;
}
