import { Router } from '@koa/router';
import type { AuthServerConfig } from '../context.js';
import { basePath } from '../oauth/client-auth.js';

/** A router for endpoints under the issuer's path (`/token` for a root issuer, `/t1/token` for `…/t1`). */
export function endpointRouter(config: Pick<AuthServerConfig, 'issuer'>): Router {
  const prefix = basePath(config);
  return prefix === '' ? new Router() : new Router({ prefix });
}
