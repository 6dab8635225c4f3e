import { TokenError, type TokenIdentity } from '../errors.js';

/**
 * Who an authenticated token's claims name (only the well-typed values), for a rejection that comes
 * after the signature or the introspection answer was verified.
 */
export function identityOf(claims: Record<string, unknown>): TokenIdentity {
  const identity: {
    subject?: string;
    clientId?: string;
    jti?: string;
    scopes?: readonly string[];
  } = {};
  const clientId = claims.client_id === undefined ? claims.azp : claims.client_id;
  if (isNonEmptyString(claims.sub)) identity.subject = claims.sub;
  if (isNonEmptyString(clientId)) identity.clientId = clientId;
  if (isNonEmptyString(claims.jti)) identity.jti = claims.jti;
  if (typeof claims.scope === 'string') {
    identity.scopes = Object.freeze(claims.scope.split(' ').filter((scope) => scope !== ''));
  }
  return Object.freeze(identity);
}

/** Rethrows a token rejection with `identity` attached; anything else unchanged. */
export function rethrowWithIdentity(error: unknown, identity: TokenIdentity): never {
  if (TokenError.isRejection(error) && error.identity === undefined) {
    throw new TokenError(error.code, error.description ?? error.message, {
      ...('cause' in error ? { cause: error.cause } : {}),
      identity,
    });
  }
  throw error;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
