import type { Context } from 'koa';
import type { ServerContext } from '../../context.js';
import { recordAudit } from '../../http/audit.js';
import type { RefreshTokenRecord } from '../../store/types.js';
import { oauthError } from '../errors.js';
import { refreshRecord, tokenResponse } from '../issue-tokens.js';
import { narrowToGrant, parseRequestedScope, selectResource } from '../resources.js';
import { hashSecret, newSecret } from '../secret-hash.js';
import type { GrantHandler } from './types.js';

/**
 * `grant_type=refresh_token` with rotation (OAuth 2.1 4.3, RFC 9700 4.14, MCP A12/A13): each use
 * returns a new refresh token, atomically (`refreshTokens.rotate`); presenting a used one revokes the
 * whole grant (the token family and its access tokens). The resource is inherited from the grant
 * when `resource` is omitted, and another one is `invalid_target`; `scope` may only narrow (the new
 * refresh token keeps the grant's scope, the access token gets the narrowed one).
 */
export const refreshTokenGrant: GrantHandler = async ({ server, ctx, form, client }) => {
  const presented = form.require('refresh_token');
  const requested = parseRequestedScope(form.get('scope'));
  const requestedResource = form.get('resource');
  const now = server.now();
  const tokenHash = hashSecret(presented);
  const record = await server.store.refreshTokens.get(tokenHash);
  if (record === undefined || record.expiresAt <= now) {
    throw oauthError('ERR_AS_REFRESH_UNKNOWN', 'invalid_grant', 'the refresh token is invalid');
  }
  if (record.clientId !== client.client.clientId) {
    throw oauthError(
      'ERR_AS_REFRESH_CLIENT',
      'invalid_grant',
      'the refresh token was issued to another client',
    );
  }
  if (record.usedAt !== undefined) await reuseDetected(server, ctx, record);
  const grant = await server.store.grants.get(record.grantId);
  if (grant === undefined || grant.revokedAt !== undefined || grant.expiresAt <= now) {
    throw oauthError('ERR_AS_GRANT_REVOKED', 'invalid_grant', 'the authorization was revoked');
  }
  const resource = selectResource(server.config, record.resource);
  if (
    requestedResource !== undefined &&
    selectResource(server.config, requestedResource).uri !== resource.uri
  ) {
    throw oauthError(
      'ERR_AS_REFRESH_RESOURCE',
      'invalid_target',
      'the refresh token was issued for another resource',
    );
  }
  const scopes = narrowToGrant(record.scopes, requested);
  const next = newSecret();
  const rotation = await server.store.refreshTokens.rotate(
    tokenHash,
    refreshRecord(grant, hashSecret(next), record.scopes),
    now,
  );
  if (rotation.outcome === 'unknown') {
    throw oauthError('ERR_AS_REFRESH_UNKNOWN', 'invalid_grant', 'the refresh token is invalid');
  }
  if (rotation.outcome === 'reused') await reuseDetected(server, ctx, rotation.previous);
  const response = await tokenResponse(
    server,
    { grant, resource, subject: grant.userId ?? grant.clientId, clientId: grant.clientId, scopes },
    next,
  );
  recordAudit(ctx, {
    type: 'token.refreshed',
    actor: {
      ...(grant.userId === undefined ? {} : { sub: grant.userId }),
      clientId: grant.clientId,
    },
    target: { type: 'token', id: response.jti },
    details: { grant: grant.id, resource: resource.uri, scope: scopes.join(' ') },
  });
  return response;
};

/** A used refresh token came back: revoke its grant (the family), record it, refuse. */
async function reuseDetected(
  server: ServerContext,
  ctx: Context,
  record: RefreshTokenRecord,
): Promise<never> {
  const revoked = await server.store.grants.revoke(record.grantId, server.now());
  recordAudit(ctx, {
    type: 'refresh.reuse_detected',
    actor: { clientId: record.clientId },
    target: { type: 'grant', id: record.grantId },
    reason: 'ERR_AS_REFRESH_REUSED',
    details: { grantRevoked: revoked },
  });
  throw oauthError('ERR_AS_REFRESH_REUSED', 'invalid_grant', 'the refresh token was used before');
}
