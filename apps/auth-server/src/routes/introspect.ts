import { introspectionResponse } from '@gatehouse/tokens';
import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { ServerContext } from '../context.js';
import { recordAudit } from '../http/audit.js';
import { readForm } from '../http/form-body.js';
import { methodNotAllowed, oauthErrors, sendJson } from '../http/oauth-errors.js';
import { rateLimit } from '../http/rate-limit.js';
import { endpointRouter } from '../http/router.js';
import { AUTHENTICATION_FAILED, authenticateClient } from '../oauth/client-auth.js';
import type { ClientJwksFetcher } from '../oauth/client-jwks.js';
import { oauthError } from '../oauth/errors.js';
import { findAccessToken, findRefreshToken } from '../oauth/token-lookup.js';
import { jwksFetcherFor } from './token.js';

/** The RFC 7662 section 2.2 members an access token's answer may carry (plus the user claims). */
const INTROSPECTION_MEMBERS: readonly string[] = [
  'active',
  'scope',
  'client_id',
  'username',
  'token_type',
  'exp',
  'iat',
  'nbf',
  'sub',
  'aud',
  'iss',
  'jti',
];

/**
 * `POST /introspect` (RFC 7662, MCP A19): the caller must authenticate as a confidential client
 * (`none` is `invalid_client`) listed in `config.introspectionClients` (the resource servers); any
 * other authenticated client gets 401 `invalid_client` ("this client may not use introspection",
 * audited as `token.introspected` failure `ERR_AS_INTROSPECTION_NOT_ALLOWED`) before the token is
 * even read, so it learns nothing about any token. An access token of this server is active while its signature, `exp`
 * and grant hold (a revoked grant makes it inactive at once); a refresh token only for the client it
 * was issued to. Everything else is `{"active": false}`. An active access token is described by the
 * RFC 7662 members and the configured user claims only: internal claims such as the grant id (`gid`)
 * stay inside the token. No CORS: resource servers call it, not pages.
 */
export function introspectRoutes(
  server: ServerContext,
  jwks: ClientJwksFetcher = jwksFetcherFor(server),
): Router {
  const router = endpointRouter(server.config);
  router.all(
    '/introspect',
    async (ctx, next) => (ctx.method === 'POST' ? next() : methodNotAllowed(ctx, 'POST')),
    rateLimit(server, 'introspect'),
    oauthErrors(server),
    async (ctx: Context) => {
      const form = await readForm(ctx);
      const caller = await authenticateClient(server, ctx, form, jwks);
      if (caller.method === 'none') {
        // worded as every other authentication failure: a public client proved nothing
        throw oauthError(
          'ERR_AS_INTROSPECT_PUBLIC_CLIENT',
          'invalid_client',
          AUTHENTICATION_FAILED,
        );
      }
      if (!(server.config.introspectionClients ?? []).includes(caller.client.clientId)) {
        recordAudit(ctx, {
          type: 'token.introspected',
          outcome: 'failure',
          actor: { clientId: caller.client.clientId },
          reason: 'ERR_AS_INTROSPECTION_NOT_ALLOWED',
        });
        throw oauthError(
          'ERR_AS_INTROSPECTION_NOT_ALLOWED',
          'invalid_client',
          'this client may not use introspection',
        );
      }
      const token = form.require('token');
      const body = await describe(
        server,
        token,
        form.get('token_type_hint'),
        caller.client.clientId,
      );
      recordAudit(ctx, {
        type: 'token.introspected',
        actor: { clientId: caller.client.clientId },
        ...(typeof body.jti === 'string' ? { target: { type: 'token', id: body.jti } } : {}),
        details: { active: body.active === true },
      });
      sendJson(ctx, 200, body);
    },
  );
  return router;
}

async function describe(
  server: ServerContext,
  token: string,
  hint: string | undefined,
  callerId: string,
): Promise<Record<string, unknown>> {
  const access = async () => {
    const found = await findAccessToken(server, token);
    if (found === undefined) return undefined;
    return pick(introspectionResponse(found.token), [
      ...INTROSPECTION_MEMBERS,
      ...server.config.userClaims,
    ]);
  };
  const refresh = async () => {
    const found = await findRefreshToken(server, token);
    if (found === undefined || found.record.clientId !== callerId) return undefined;
    return {
      active: true,
      token_type: 'refresh_token',
      client_id: found.record.clientId,
      scope: found.record.scopes.join(' '),
      aud: found.record.resource,
      exp: found.record.expiresAt,
      iss: server.config.issuer,
      ...(found.grant.userId === undefined ? {} : { sub: found.grant.userId }),
    };
  };
  const [first, second] = hint === 'refresh_token' ? [refresh, access] : [access, refresh];
  return (await first()) ?? (await second()) ?? { active: false };
}

/** The members of `response` named in `names`, in that order. */
function pick(response: object, names: readonly string[]): Record<string, unknown> {
  const all = response as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(all, name)) kept[name] = all[name];
  return kept;
}
