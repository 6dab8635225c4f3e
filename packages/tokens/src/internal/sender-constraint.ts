import { TokenError } from '../errors.js';

// without the u flag, /i never folds a non-ASCII character onto an ASCII one (the Kelvin sign stays)
const BEARER_TYPES = /^(?:bearer|access_token)$/i;
const DPOP_TYPE = /^dpop$/i;

/**
 * Refuses a sender-constrained token presented as a plain bearer token: one with a `cnf`
 * confirmation claim (RFC 7800; DPoP `jkt` in RFC 9449, mTLS `x5t#S256` in RFC 8705), whatever its
 * members. Only the holder of the bound key may use such a token, and a bearer presentation proves
 * nothing about the key. With `accept` (something else checks the binding), `cnf` must be an object.
 */
export function checkConfirmation(cnf: unknown, accept: boolean): void {
  if (cnf === undefined) return;
  if (!accept) {
    throw new TokenError(
      'ERR_TOKEN_SENDER_CONSTRAINED',
      'the token is bound to a key (cnf) and cannot be used as a bearer token',
    );
  }
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) {
    throw new TokenError('ERR_TOKEN_CLAIM_INVALID', 'cnf must be a JSON object');
  }
}

/**
 * Checks an introspection answer's `token_type` (RFC 7662 section 2.2), when present. Accepted,
 * ASCII case-insensitively: `Bearer` (the RFC 6750 type) and `access_token` (the token type hint
 * some servers answer with). `DPoP` is a sender-constrained token (`ERR_TOKEN_SENDER_CONSTRAINED`,
 * accepted only with `acceptSenderConstrained`); anything else (`refresh_token`, `id_token`, `N_A`,
 * `PoP`, `mac`, ...) is not an access token this verifier accepts (`ERR_TOKEN_TYP_INVALID`).
 */
export function checkTokenType(tokenType: unknown, acceptSenderConstrained: boolean): void {
  if (tokenType === undefined) return;
  if (typeof tokenType !== 'string') {
    throw new TokenError('ERR_TOKEN_CLAIM_INVALID', 'token_type must be a string');
  }
  if (BEARER_TYPES.test(tokenType)) return;
  if (DPOP_TYPE.test(tokenType)) {
    if (acceptSenderConstrained) return;
    throw new TokenError(
      'ERR_TOKEN_SENDER_CONSTRAINED',
      'the token is a DPoP token and cannot be used as a bearer token',
    );
  }
  throw new TokenError(
    'ERR_TOKEN_TYP_INVALID',
    'the introspected token_type is not Bearer: not an access token this resource accepts',
  );
}
