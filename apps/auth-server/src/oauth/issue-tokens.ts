import {
  type AccessTokenIssuer,
  type AccessTokenVerifier,
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  type KeySet,
  SIGNING_ALGORITHMS,
} from '@gatehouse/tokens';
import { nodeCryptoSigner } from '@gatehouse/tokens/node';
import type { ResourceServerConfig, ServerContext } from '../context.js';
import type { GrantRecord } from '../store/types.js';
import { tokenUserClaims } from '../users/claims.js';
import { hashSecret, newSecret } from './secret-hash.js';

/** The claim that ties an access token to its grant, so revocation and introspection can find it. */
export const GRANT_CLAIM = 'gid';
const MAX_TTL_SECONDS = 86_400;

const issuers = new WeakMap<KeySet, AccessTokenIssuer>();
const verifiers = new WeakMap<KeySet, Map<string, AccessTokenVerifier>>();

/**
 * The issuer for the key set in use now (`keys.current()` can change on rotation). Tokens are signed
 * with the synchronous `node:crypto` signer: the same tokens as the default WebCrypto issuer, without
 * an asynchronous crypto job per token.
 */
function issuerFor(server: ServerContext): AccessTokenIssuer {
  const keys = server.keys.current();
  let issuer = issuers.get(keys);
  if (issuer === undefined) {
    issuer = createAccessTokenIssuer({
      issuer: server.config.issuer,
      keys,
      ttlSeconds: MAX_TTL_SECONDS,
      backend: nodeCryptoSigner,
    });
    issuers.set(keys, issuer);
  }
  return issuer;
}

/**
 * A verifier of this server's own access tokens, for revocation and introspection: every resource
 * server's URI as audience, the current keys (published ones included), no cache (revocation must
 * show at once).
 */
export function ownTokenVerifier(server: ServerContext): AccessTokenVerifier {
  const keys = server.keys.current();
  const audience = server.config.resources.map((resource) => resource.uri);
  const key = audience.join(' ');
  let byAudience = verifiers.get(keys);
  if (byAudience === undefined) {
    byAudience = new Map();
    verifiers.set(keys, byAudience);
  }
  let verifier = byAudience.get(key);
  if (verifier === undefined) {
    verifier = createAccessTokenVerifier({
      issuer: server.config.issuer,
      audience,
      algorithms: SIGNING_ALGORITHMS,
      jwks: keys,
      cache: false,
    });
    byAudience.set(key, verifier);
  }
  return verifier;
}

/** What a token response is made from. */
export interface TokenIssue {
  grant: GrantRecord;
  resource: ResourceServerConfig;
  /** The user, or the client itself for client_credentials. */
  subject: string;
  clientId: string;
  scopes: readonly string[];
}

/** The RFC 6749 5.1 body, plus the `jti` for the audit trail. */
export interface TokenResponse {
  body: {
    access_token: string;
    token_type: 'Bearer';
    expires_in: number;
    scope: string;
    refresh_token?: string;
  };
  jti: string;
}

/**
 * The claims of the grant's user that go into its tokens: those named in `userClaims`, read at each
 * issue (a refresh picks up a change). None for client_credentials grants.
 */
async function userClaimsFor(
  server: ServerContext,
  grant: GrantRecord,
): Promise<Record<string, string>> {
  const allowed = server.config.userClaims;
  if (grant.userId === undefined || allowed.length === 0) return {};
  const user = await server.store.users.get(grant.userId);
  return tokenUserClaims(user?.claims, allowed);
}

/**
 * Signs an RFC 9068 access token for the grant's resource (`aud`), with the resource's lifetime, the
 * grant claim and the user's configured claims.
 */
export async function issueAccessToken(
  server: ServerContext,
  issue: TokenIssue,
): Promise<{ token: string; jti: string; expiresIn: number }> {
  const userClaims = await userClaimsFor(server, issue.grant);
  const issued = await issuerFor(server).issue({
    subject: issue.subject,
    clientId: issue.clientId,
    audience: issue.resource.uri,
    scope: [...issue.scopes],
    extraClaims: { ...userClaims, [GRANT_CLAIM]: issue.grant.id },
    ttlSeconds: Math.min(issue.resource.accessTokenTtlSeconds, MAX_TTL_SECONDS),
  });
  return { token: issued.token, jti: issued.jti, expiresIn: issued.expiresIn };
}

/** A new refresh token for the grant, stored by its hash; it ends with the grant. */
export async function createRefreshToken(
  server: ServerContext,
  grant: GrantRecord,
  scopes: readonly string[],
): Promise<string> {
  const value = newSecret();
  await server.store.refreshTokens.create(refreshRecord(grant, hashSecret(value), scopes));
  return value;
}

/** The stored form of a refresh token of `grant`. */
export function refreshRecord(grant: GrantRecord, tokenHash: string, scopes: readonly string[]) {
  return {
    tokenHash,
    grantId: grant.id,
    clientId: grant.clientId,
    resource: grant.resource,
    scopes: [...scopes],
    expiresAt: grant.expiresAt,
  };
}

/** The token response body for an access token (and optionally a refresh token already made). */
export async function tokenResponse(
  server: ServerContext,
  issue: TokenIssue,
  refreshToken?: string,
): Promise<TokenResponse> {
  const access = await issueAccessToken(server, issue);
  return {
    jti: access.jti,
    body: {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      scope: issue.scopes.join(' '),
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    },
  };
}
