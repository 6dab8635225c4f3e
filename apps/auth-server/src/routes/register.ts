import type { RegistrationPolicy } from '@gatehouse/registration';
import { registrationEndpoint } from '@gatehouse/registration/koa';
import type { Router } from '@koa/router';
import type { Context, Next } from 'koa';
import type { ServerContext } from '../context.js';
import { recordAudit } from '../http/audit.js';
import { cors } from '../http/cors.js';
import { consumeRateLimit } from '../http/rate-limit.js';
import { endpointRouter } from '../http/router.js';
import { basePath } from '../oauth/client-auth.js';

/**
 * `POST /register` (RFC 7591, MCP A18) through the registration package's endpoint (size caps,
 * validation, dedup, the active-client cap, `no-store`), with CORS, the per-address rate limit (429
 * with `Retry-After`), and `client.registered` / `client.rejected` audit events.
 */
export function registerRoutes(server: ServerContext, policy: RegistrationPolicy): Router {
  const router = endpointRouter(server.config);
  const endpoint = registrationEndpoint({
    store: server.store.clients,
    policy,
    path: `${basePath(server.config)}/register`,
    rateLimit: (ctx) => consumeRateLimit(server, 'register', ctx),
    clock: () => server.now() * 1000,
  });
  router.all('/register', cors(['POST']), auditRegistration, endpoint);
  return router;
}

async function auditRegistration(ctx: Context, next: Next): Promise<void> {
  await next();
  if (ctx.method !== 'POST') return;
  const body = ctx.body as {
    client_id?: unknown;
    token_endpoint_auth_method?: unknown;
    error?: unknown;
  };
  if (ctx.status === 201 && typeof body?.client_id === 'string') {
    recordAudit(ctx, {
      type: 'client.registered',
      actor: { clientId: body.client_id },
      target: { type: 'client', id: body.client_id },
      details: { authMethod: String(body.token_endpoint_auth_method ?? '') },
    });
  } else if (ctx.status >= 400) {
    recordAudit(ctx, {
      type: 'client.rejected',
      reason: typeof body?.error === 'string' ? body.error : `HTTP_${ctx.status}`,
      details: { status: ctx.status },
    });
  }
}
