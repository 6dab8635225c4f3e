import { verifyCodeVerifier } from '@gatehouse/pkce';
import { nodeS256 } from '@gatehouse/pkce/node';
import { recordAudit } from '../../http/audit.js';
import { oauthError } from '../errors.js';
import { createRefreshToken, tokenResponse } from '../issue-tokens.js';
import { selectResource } from '../resources.js';
import { hashSecret } from '../secret-hash.js';
import type { GrantHandler } from './types.js';

/**
 * `grant_type=authorization_code` (OAuth 2.1 4.1.3, MCP A4/A10/A11): the code is redeemed atomically
 * (single use: a second redemption revokes its grant and every token issued from it), then checked
 * against what it was bound to: the client, the exact `redirect_uri`, the resource (a `resource`
 * parameter must name the same one) and the PKCE S256 challenge (a code without one is refused). A
 * refresh token comes with the access token when the client registered the `refresh_token` grant.
 */
export const authorizationCodeGrant: GrantHandler = async ({ server, ctx, form, client }) => {
  const code = form.require('code');
  const redirectUri = form.require('redirect_uri');
  const verifier = form.get('code_verifier');
  const requestedResource = form.get('resource');
  const now = server.now();
  const redemption = await server.store.codes.redeem(hashSecret(code), now);
  if (redemption.outcome === 'unknown') {
    throw oauthError('ERR_AS_CODE_UNKNOWN', 'invalid_grant', 'the code is invalid or expired');
  }
  const record = redemption.code;
  if (redemption.outcome === 'reused') {
    const revoked = await server.store.grants.revoke(record.grantId, now);
    recordAudit(ctx, {
      type: 'code.reuse_detected',
      actor: { sub: record.userId, clientId: record.clientId },
      target: { type: 'grant', id: record.grantId },
      reason: 'ERR_AS_CODE_REUSED',
      details: { grantRevoked: revoked },
    });
    throw oauthError('ERR_AS_CODE_REUSED', 'invalid_grant', 'the code was used before');
  }
  if (record.clientId !== client.client.clientId) {
    throw oauthError(
      'ERR_AS_CODE_CLIENT',
      'invalid_grant',
      'the code was issued to another client',
    );
  }
  if (record.redirectUri !== redirectUri) {
    throw oauthError(
      'ERR_AS_CODE_REDIRECT_URI',
      'invalid_grant',
      'redirect_uri differs from the authorization request',
    );
  }
  const resource = selectResource(server.config, requestedResource ?? record.resource);
  if (resource.uri !== selectResource(server.config, record.resource).uri) {
    throw oauthError(
      'ERR_AS_CODE_RESOURCE',
      'invalid_target',
      'resource differs from the authorization request',
    );
  }
  await verifyCodeVerifier({
    verifier,
    challenge: record.codeChallenge,
    method: 'S256',
    s256: nodeS256,
  });
  const grant = await server.store.grants.get(record.grantId);
  if (grant === undefined || grant.revokedAt !== undefined || grant.expiresAt <= now) {
    throw oauthError('ERR_AS_GRANT_REVOKED', 'invalid_grant', 'the authorization was revoked');
  }
  const wantsRefresh = client.client.metadata.grant_types.includes('refresh_token');
  const refreshToken = wantsRefresh
    ? await createRefreshToken(server, grant, record.scopes)
    : undefined;
  const response = await tokenResponse(
    server,
    { grant, resource, subject: record.userId, clientId: record.clientId, scopes: record.scopes },
    refreshToken,
  );
  recordAudit(ctx, {
    type: 'token.issued',
    actor: { sub: record.userId, clientId: record.clientId },
    target: { type: 'token', id: response.jti },
    details: {
      grantType: 'authorization_code',
      grant: grant.id,
      resource: resource.uri,
      scope: record.scopes.join(' '),
      withRefresh: refreshToken !== undefined,
    },
  });
  return response;
};
