import type { GrantType } from '@gatehouse/registration';
import { resolveHost } from '@gatehouse/registration/node';
import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { ServerContext } from '../context.js';
import { reasonOf, recordAudit } from '../http/audit.js';
import { cors } from '../http/cors.js';
import { readForm } from '../http/form-body.js';
import { methodNotAllowed, oauthErrors, sendJson } from '../http/oauth-errors.js';
import { rateLimit } from '../http/rate-limit.js';
import { endpointRouter } from '../http/router.js';
import { authenticateClient } from '../oauth/client-auth.js';
import { type ClientJwksFetcher, createClientJwksFetcher } from '../oauth/client-jwks.js';
import { pinnedFetchFor } from '../oauth/clients.js';
import { oauthError } from '../oauth/errors.js';
import { authorizationCodeGrant } from '../oauth/grants/authorization-code.js';
import { clientCredentialsGrant } from '../oauth/grants/client-credentials.js';
import { refreshTokenGrant } from '../oauth/grants/refresh-token.js';
import type { GrantHandler } from '../oauth/grants/types.js';

const GRANTS: Record<GrantType, GrantHandler> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};

/**
 * `POST /token` (OAuth 2.1 3.2, MCP A11-A16): CORS, rate limit, RFC error bodies, then one form read,
 * one client authentication, and the grant handler. Every answer is `no-store`; failures are audited
 * as `token.rejected` with their code.
 */
export function tokenRoutes(server: ServerContext, jwks = jwksFetcherFor(server)): Router {
  const router = endpointRouter(server.config);
  router.all(
    '/token',
    cors(['POST']),
    async (ctx, next) => (ctx.method === 'POST' ? next() : methodNotAllowed(ctx, 'POST')),
    rateLimit(server, 'token'),
    oauthErrors(server),
    async (ctx: Context) => {
      let grantType: string | undefined;
      let clientId: string | undefined;
      try {
        const form = await readForm(ctx);
        grantType = form.get('grant_type');
        const client = await authenticateClient(server, ctx, form, jwks);
        clientId = client.client.clientId;
        if (grantType === undefined) {
          throw oauthError(
            'ERR_AS_REQUEST_PARAM_MISSING',
            'invalid_request',
            'grant_type is required',
          );
        }
        const handler = Object.hasOwn(GRANTS, grantType)
          ? GRANTS[grantType as GrantType]
          : undefined;
        if (handler === undefined) {
          throw oauthError(
            'ERR_AS_GRANT_TYPE_UNSUPPORTED',
            'unsupported_grant_type',
            'grant_type must be authorization_code, refresh_token or client_credentials',
          );
        }
        if (!client.client.metadata.grant_types.includes(grantType as GrantType)) {
          throw oauthError(
            'ERR_AS_GRANT_TYPE_UNAUTHORIZED',
            'unauthorized_client',
            `the client is not registered for ${grantType}`,
          );
        }
        const { body } = await handler({ server, ctx, form, client });
        sendJson(ctx, 200, body);
      } catch (error) {
        recordAudit(ctx, {
          type: 'token.rejected',
          ...(clientId === undefined ? {} : { actor: { clientId } }),
          reason: reasonOf(error),
          details: { grantType: typeof grantType === 'string' ? grantType.slice(0, 64) : null },
        });
        throw error;
      }
    },
  );
  return router;
}

/** A `jwks_uri` fetcher on the same pinned path (and test-mode settings) as CIMD. */
export function jwksFetcherFor(server: ServerContext): ClientJwksFetcher {
  return createClientJwksFetcher({
    fetch: pinnedFetchFor(server.config),
    resolveHost,
    allowPrivateOrigins: server.config.cimdAllowPrivateOrigins,
  });
}
