import { TokenError } from '../errors.js';
import type { VerifiedAccessToken } from '../verified-access-token.js';
import { checkConfirmation, checkTokenType } from './sender-constraint.js';
import { identityOf, rethrowWithIdentity } from './token-identity.js';

/** The checks a verifier applies to a token's claims. */
export interface ClaimRules {
  issuer: string | undefined;
  audiences: readonly string[];
  toleranceSeconds: number;
  maxTokenAgeSeconds: number | undefined;
  /** Claims that must be present (RFC 9068 section 2.2 for JWTs). */
  required: readonly ('iss' | 'sub' | 'iat' | 'jti' | 'client_id')[];
  /** Check `token_type` (an introspection answer, RFC 7662). */
  tokenType: boolean;
  /** Accept a `cnf` claim (and `token_type: DPoP`): something else checks the binding. */
  acceptSenderConstrained: boolean;
}

/**
 * Checks the claims of an authenticated token (signature verified, or an introspection answer) and
 * returns the normalized result (deeply frozen). Throws the {@link TokenError} of the first failed
 * check, with the identity the claims name (`TokenError#identity`).
 */
export function checkClaims(
  claims: Record<string, unknown>,
  rules: ClaimRules,
): VerifiedAccessToken {
  try {
    return check(claims, rules);
  } catch (error) {
    return rethrowWithIdentity(error, identityOf(claims));
  }
}

function check(claims: Record<string, unknown>, rules: ClaimRules): VerifiedAccessToken {
  if (rules.tokenType) checkTokenType(claims.token_type, rules.acceptSenderConstrained);
  const now = Date.now() / 1000;
  const { iss, sub, exp, nbf, iat, jti, scope } = claims;
  // azp only when client_id is absent: a client_id of the wrong type (null too) is refused, not replaced
  const clientId = claims.client_id === undefined ? claims.azp : claims.client_id;
  for (const claim of rules.required) {
    const value = claim === 'client_id' ? clientId : claims[claim];
    if (value === undefined) missing(claim === 'client_id' ? 'client_id (or azp)' : claim);
  }
  if (claims.aud === undefined) missing('aud');
  if (exp === undefined) missing('exp');
  const audience = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
  if (!Array.isArray(audience) || !audience.every((value) => typeof value === 'string')) {
    invalid('aud must be a string or an array of strings');
  }
  expectType('iss', iss, 'string');
  expectType('sub', sub, 'string');
  expectType('jti', jti, 'string');
  expectType('client_id', clientId, 'string');
  expectType('scope', scope, 'string');
  expectNumericDate('exp', exp);
  expectNumericDate('nbf', nbf);
  expectNumericDate('iat', iat);

  if (rules.issuer !== undefined && iss !== rules.issuer) {
    throw new TokenError('ERR_TOKEN_ISSUER_INVALID', 'the token was issued by another issuer');
  }
  if (!audience.some((value: string) => rules.audiences.includes(value))) {
    throw new TokenError('ERR_TOKEN_AUDIENCE_INVALID', 'the token is not meant for this resource');
  }
  const tolerance = rules.toleranceSeconds;
  if ((exp as number) <= now - tolerance) {
    throw new TokenError('ERR_TOKEN_EXPIRED', 'the token has expired');
  }
  if (nbf !== undefined && (nbf as number) > now + tolerance) {
    throw new TokenError('ERR_TOKEN_NOT_YET_VALID', 'the token is not valid yet');
  }
  if (iat !== undefined && (iat as number) > now + tolerance) {
    throw new TokenError(
      'ERR_TOKEN_ISSUED_IN_FUTURE',
      'the token claims to be issued in the future',
    );
  }
  if (
    rules.maxTokenAgeSeconds !== undefined &&
    (iat === undefined || now - (iat as number) > rules.maxTokenAgeSeconds + tolerance)
  ) {
    throw new TokenError('ERR_TOKEN_TOO_OLD', 'the token was issued too long ago');
  }
  checkConfirmation(claims.cnf, rules.acceptSenderConstrained);
  const result: Record<string, unknown> = {
    subject: (sub ?? clientId ?? '') as string,
    clientId: (clientId ?? '') as string,
    scopes: typeof scope === 'string' ? scope.split(' ').filter((token) => token !== '') : [],
    audience: [...audience],
    expiresAt: exp as number,
  };
  if (iat !== undefined) result.issuedAt = iat;
  if (jti !== undefined) result.jti = jti;
  if (iss !== undefined) result.issuer = iss;
  result.claims = claims;
  return deepFreeze(result) as unknown as VerifiedAccessToken;
}

function missing(claim: string): never {
  throw new TokenError('ERR_TOKEN_CLAIM_MISSING', `the token has no ${claim} claim`);
}

function invalid(description: string): never {
  throw new TokenError('ERR_TOKEN_CLAIM_INVALID', description);
}

function expectType(claim: string, value: unknown, type: 'string'): void {
  if (value !== undefined && (typeof value !== type || value === '')) {
    invalid(`${claim} must be a non-empty ${type}`);
  }
}

function expectNumericDate(claim: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    invalid(`${claim} must be a NumericDate`);
  }
}

function deepFreeze(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A configured audience as a frozen non-empty list; a bad one is a caller mistake (TypeError). */
export function audienceList(name: string, audience: unknown): readonly string[] {
  const list = typeof audience === 'string' ? [audience] : audience;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((value) => typeof value === 'string' && value !== '')
  ) {
    throw new TypeError(`${name}: audience must be a non-empty string or list of strings`);
  }
  return Object.freeze([...list]);
}
