import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { ServerContext } from '../context.js';
import { recordAudit } from '../http/audit.js';
import { cors } from '../http/cors.js';
import { readForm } from '../http/form-body.js';
import { methodNotAllowed, oauthErrors, sendJson } from '../http/oauth-errors.js';
import { rateLimit } from '../http/rate-limit.js';
import { endpointRouter } from '../http/router.js';
import { authenticateClient } from '../oauth/client-auth.js';
import type { ClientJwksFetcher } from '../oauth/client-jwks.js';
import { GRANT_CLAIM, ownTokenVerifier } from '../oauth/issue-tokens.js';
import { hashSecret } from '../oauth/secret-hash.js';
import { jwksFetcherFor } from './token.js';

/**
 * `POST /revoke` (RFC 7009, MCP A19): the client authenticates as at the token endpoint; a refresh
 * token (used or not) or an access token of *this* client revokes its whole grant (the refresh-token
 * family, and introspection answers inactive for its access tokens). Unknown, expired or foreign
 * tokens get the same 200, so the endpoint tells nothing about tokens a client does not hold.
 */
export function revokeRoutes(
  server: ServerContext,
  jwks: ClientJwksFetcher = jwksFetcherFor(server),
): Router {
  const router = endpointRouter(server.config);
  router.all(
    '/revoke',
    cors(['POST']),
    async (ctx, next) => (ctx.method === 'POST' ? next() : methodNotAllowed(ctx, 'POST')),
    rateLimit(server, 'revoke'),
    oauthErrors(server),
    async (ctx: Context) => {
      const form = await readForm(ctx);
      const { client } = await authenticateClient(server, ctx, form, jwks);
      const token = form.require('token');
      const grantId = await grantOf(server, token, form.get('token_type_hint'), client.clientId);
      if (grantId !== undefined) {
        const revoked = await server.store.grants.revoke(grantId, server.now());
        recordAudit(ctx, {
          type: 'token.revoked',
          actor: { clientId: client.clientId },
          target: { type: 'grant', id: grantId },
          details: { alreadyRevoked: !revoked },
        });
      }
      sendJson(ctx, 200, {});
    },
  );
  return router;
}

/** The grant of a token this client holds, or undefined. */
async function grantOf(
  server: ServerContext,
  token: string,
  hint: string | undefined,
  clientId: string,
): Promise<string | undefined> {
  const viaRefresh = async () => {
    const record = await server.store.refreshTokens.get(hashSecret(token));
    return record?.clientId === clientId ? record.grantId : undefined;
  };
  const viaAccess = async () => {
    if (token.split('.').length !== 3) return undefined;
    const verified = await ownTokenVerifier(server)
      .verify(token)
      .catch(() => undefined);
    const grantId = verified?.claims[GRANT_CLAIM];
    return verified?.clientId === clientId && typeof grantId === 'string' ? grantId : undefined;
  };
  const [first, second] =
    hint === 'access_token' ? [viaAccess, viaRefresh] : [viaRefresh, viaAccess];
  return (await first()) ?? (await second());
}
