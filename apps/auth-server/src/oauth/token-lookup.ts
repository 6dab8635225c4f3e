import type { VerifiedAccessToken } from '@gatehouse/tokens';
import type { ServerContext } from '../context.js';
import type { GrantRecord, RefreshTokenRecord } from '../store/types.js';
import { GRANT_CLAIM, ownTokenVerifier } from './issue-tokens.js';
import { hashSecret } from './secret-hash.js';

/** A live grant: exists, not revoked, not expired. */
async function liveGrant(
  server: ServerContext,
  id: unknown,
  now: number,
): Promise<GrantRecord | undefined> {
  if (typeof id !== 'string' || id === '') return undefined;
  const grant = await server.store.grants.get(id);
  if (grant === undefined || grant.revokedAt !== undefined || grant.expiresAt <= now)
    return undefined;
  return grant;
}

/**
 * One of this server's access tokens, verified (signature, `iss`, `aud`, `exp`...), with its grant
 * (from the signed grant claim, never from the request). Undefined for anything else, an expired
 * token, or a token whose grant was revoked.
 */
export async function findAccessToken(
  server: ServerContext,
  token: string,
): Promise<{ token: VerifiedAccessToken; grant: GrantRecord } | undefined> {
  if (token.split('.').length !== 3) return undefined;
  const verified = await ownTokenVerifier(server)
    .verify(token)
    .catch(() => undefined);
  if (verified === undefined) return undefined;
  const grant = await liveGrant(server, verified.claims[GRANT_CLAIM], server.now());
  return grant === undefined ? undefined : { token: verified, grant };
}

/**
 * One of this server's refresh tokens, by its hash, with its grant; undefined when unknown, used,
 * expired, or its grant was revoked.
 */
export async function findRefreshToken(
  server: ServerContext,
  token: string,
): Promise<{ record: RefreshTokenRecord; grant: GrantRecord } | undefined> {
  const now = server.now();
  const record = await server.store.refreshTokens.get(hashSecret(token));
  if (record === undefined || record.usedAt !== undefined || record.expiresAt <= now)
    return undefined;
  const grant = await liveGrant(server, record.grantId, now);
  return grant === undefined ? undefined : { record, grant };
}
