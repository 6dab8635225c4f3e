import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import type { ResolvedClient, ResourceServerConfig, ServerContext } from '../../context.js';
import { grantableScopes } from '../../oauth/resources.js';
import { hashSecret, newSecret } from '../../oauth/secret-hash.js';
import { recordEvent } from './audit.js';
import type { AuthorizationRequest } from './form-state.js';
import { redirectToClient } from './respond.js';

/** What a completed authorization needs. */
export interface IssueCodeInput {
  request: AuthorizationRequest;
  client: ResolvedClient;
  resource: ResourceServerConfig;
  userId: string;
  /** The scopes consented to (requested plus earlier ones), narrowed again before use. */
  scopes: readonly string[];
}

/**
 * Completes an authorization: creates the grant and a single-use code (stored as its SHA-256 only,
 * bound to client, user, redirect URI, resource, scopes and PKCE challenge, `codeTtlSeconds`), touches
 * a registered client, records `authorization.granted` and redirects 303 with `code`, `state`, `iss`.
 */
export async function issueCode(
  ctx: Context,
  server: ServerContext,
  input: IssueCodeInput,
): Promise<void> {
  const { request, client, resource, userId } = input;
  const { config, store } = server;
  const scopes = grantableScopes(config, resource, client, [...input.scopes]).scopes;
  const { code, grantId } = await storeGrantAndCode(server, {
    clientId: client.clientId,
    userId,
    redirectUri: request.redirectUri,
    resource: resource.uri,
    scopes,
    codeChallenge: request.codeChallenge,
  });
  if (client.kind === 'registered') await store.clients.touch(client.clientId, server.now());
  recordEvent(ctx, server, {
    type: 'authorization.granted',
    outcome: 'success',
    actor: { sub: userId, clientId: client.clientId },
    target: { type: 'grant', id: grantId },
    details: { resource: resource.uri, scopes },
  });
  redirectToClient(ctx, request.redirectUri, { code, state: request.state, iss: config.issuer });
}

/** What a code is bound to (see {@link storeGrantAndCode}). */
export interface CodeBinding {
  clientId: string;
  userId: string;
  redirectUri: string;
  resource: string;
  scopes: readonly string[];
  codeChallenge: string;
}

/**
 * Creates the grant (lasting `refreshTokenTtlSeconds`) and a single-use code for it (stored as its
 * SHA-256 only, lasting `codeTtlSeconds`); returns the code and the grant's id.
 */
export async function storeGrantAndCode(
  server: Pick<ServerContext, 'config' | 'store' | 'now'>,
  binding: CodeBinding,
): Promise<{ code: string; grantId: string }> {
  const { config, store } = server;
  const now = server.now();
  const scopes = [...binding.scopes];
  const grantId = randomUUID();
  await store.grants.create({
    id: grantId,
    clientId: binding.clientId,
    userId: binding.userId,
    resource: binding.resource,
    scopes,
    createdAt: now,
    expiresAt: now + config.refreshTokenTtlSeconds,
  });
  const code = newSecret();
  await store.codes.create({
    codeHash: hashSecret(code),
    clientId: binding.clientId,
    userId: binding.userId,
    redirectUri: binding.redirectUri,
    resource: binding.resource,
    scopes,
    codeChallenge: binding.codeChallenge,
    grantId,
    expiresAt: now + config.codeTtlSeconds,
  });
  return { code, grantId };
}
