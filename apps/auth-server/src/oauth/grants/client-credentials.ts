import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../http/audit.js';
import type { GrantRecord } from '../../store/types.js';
import { oauthError } from '../errors.js';
import { tokenResponse } from '../issue-tokens.js';
import { grantableScopes, parseRequestedScope, selectResource } from '../resources.js';
import type { GrantHandler } from './types.js';

/**
 * `grant_type=client_credentials` (OAuth 2.1 4.2, MCP A11): only for a client that authenticated
 * (not `none`). No user consents here, so the client's registered `scope` is always a ceiling, and a
 * client registered without one gets nothing (not everything the resource allows). The
 * token's `sub` is the client; a grant record is kept so the token can be revoked and introspected.
 * No refresh token.
 */
export const clientCredentialsGrant: GrantHandler = async ({ server, ctx, form, client }) => {
  if (client.method === 'none') {
    throw oauthError(
      'ERR_AS_CLIENT_PUBLIC',
      'unauthorized_client',
      'client_credentials needs an authenticated (confidential) client',
    );
  }
  if (client.client.metadata.scope === undefined || client.client.metadata.scope.trim() === '') {
    throw oauthError(
      'ERR_AS_CLIENT_SCOPE_MISSING',
      'invalid_scope',
      'client_credentials needs a client registered with a scope',
    );
  }
  const resource = selectResource(server.config, form.get('resource'));
  const requested = parseRequestedScope(form.get('scope'));
  const { scopes } = grantableScopes(
    { registeredScopeIsCeiling: true },
    resource,
    client.client,
    requested,
  );
  const now = server.now();
  const clientId = client.client.clientId;
  const grant: GrantRecord = {
    id: randomUUID(),
    clientId,
    resource: resource.uri,
    scopes,
    createdAt: now,
    expiresAt: now + resource.accessTokenTtlSeconds,
  };
  await server.store.grants.create(grant);
  const response = await tokenResponse(server, {
    grant,
    resource,
    subject: clientId,
    clientId,
    scopes,
  });
  recordAudit(ctx, {
    type: 'token.issued',
    actor: { clientId },
    target: { type: 'token', id: response.jti },
    details: {
      grantType: 'client_credentials',
      grant: grant.id,
      resource: resource.uri,
      scope: scopes.join(' '),
    },
  });
  return response;
};
