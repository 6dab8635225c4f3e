import { MetadataDocumentError } from '@gatehouse/registration';
import { SIGNING_ALGORITHMS } from '@gatehouse/tokens';
import {
  createLocalJWKSet,
  decodeJwt,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import type { ResolvedClient } from '../context.js';
import type { AuthStore } from '../store/types.js';
import type { ClientJwksFetcher } from './client-jwks.js';
import { oauthError } from './errors.js';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** An assertion may live at most this long (RFC 7523 3: "short"). */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const CLOCK_SKEW_SECONDS = 30;
const MAX_ASSERTION_LENGTH = 8192;

/** The `iss` (= `sub` = `client_id`) of an assertion, read before its client is known; unverified. */
export function assertionClientId(assertion: string): string {
  if (assertion.length > MAX_ASSERTION_LENGTH) {
    throw fail('ERR_AS_ASSERTION_MALFORMED', 'client_assertion is too long');
  }
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(assertion);
  } catch (cause) {
    throw fail('ERR_AS_ASSERTION_MALFORMED', 'client_assertion is not a JWT', cause);
  }
  if (typeof claims.iss !== 'string' || claims.iss === '' || claims.sub !== claims.iss) {
    throw fail('ERR_AS_ASSERTION_CLAIMS', 'client_assertion needs iss and sub equal to client_id');
  }
  return claims.iss;
}

/** What {@link verifyClientAssertion} needs. */
export interface ClientAssertionContext {
  issuer: string;
  tokenEndpoint: string;
  store: Pick<AuthStore, 'assertions'>;
  jwks: ClientJwksFetcher;
  now: number;
}

/**
 * RFC 7523 client authentication: the assertion is signed with one of the client's keys (`jwks`, or
 * `jwks_uri` fetched through the pinned path), asymmetric algorithms only; `iss` = `sub` = the
 * client id; `aud` exactly one value, the issuer or the token endpoint; `exp` required and at most 5
 * minutes away; `iat` and `nbf`, when present, not in the future (30 s of clock skew allowed, as for
 * `exp`); `jti` required and never seen before for this client (kept until `exp`). Every failure is
 * `invalid_client` with its own `ERR_AS_ASSERTION_*` code.
 */
export async function verifyClientAssertion(
  client: ResolvedClient,
  assertion: string,
  context: ClientAssertionContext,
): Promise<void> {
  const { metadata } = client;
  let keys: JWTVerifyGetKey;
  if (metadata.jwks !== undefined) keys = createLocalJWKSet(metadata.jwks as never);
  else if (metadata.jwks_uri !== undefined) {
    try {
      keys = await context.jwks(metadata.jwks_uri, context.now);
    } catch (cause) {
      const detail = MetadataDocumentError.isInstance(cause) ? cause.code : 'ERR_UNKNOWN';
      throw fail(
        'ERR_AS_ASSERTION_KEYS',
        `the client's jwks_uri could not be used (${detail})`,
        cause,
      );
    }
  } else throw fail('ERR_AS_ASSERTION_KEYS', 'the client has no keys');

  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(assertion, keys, {
      algorithms: [...SIGNING_ALGORITHMS],
      issuer: client.clientId,
      subject: client.clientId,
      audience: [context.issuer, context.tokenEndpoint],
      requiredClaims: ['exp', 'jti'],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: new Date(context.now * 1000),
    }));
  } catch (cause) {
    const code =
      cause instanceof joseErrors.JWTExpired
        ? 'ERR_AS_ASSERTION_EXPIRED'
        : 'ERR_AS_ASSERTION_INVALID';
    const reason =
      cause instanceof joseErrors.JWTClaimValidationFailed
        ? `client_assertion ${cause.claim} is not acceptable`
        : code === 'ERR_AS_ASSERTION_EXPIRED'
          ? 'client_assertion has expired'
          : 'client_assertion signature or form is invalid';
    throw fail(code, reason, cause);
  }
  const exp = payload.exp as number;
  if (Array.isArray(payload.aud) && payload.aud.length !== 1) {
    throw fail('ERR_AS_ASSERTION_AUDIENCE', 'client_assertion aud must be a single value');
  }
  // jose checks `iat` only against a maximum age; an assertion dated in the future is refused here
  if (typeof payload.iat === 'number' && payload.iat > context.now + CLOCK_SKEW_SECONDS) {
    throw fail('ERR_AS_ASSERTION_ISSUED_IN_FUTURE', 'client_assertion iat is in the future');
  }
  if (exp > context.now + MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
    throw fail('ERR_AS_ASSERTION_LIFETIME', 'client_assertion exp is more than 5 minutes away');
  }
  const jti = payload.jti;
  if (typeof jti !== 'string' || jti === '' || jti.length > 256) {
    throw fail('ERR_AS_ASSERTION_CLAIMS', 'client_assertion jti is malformed');
  }
  if (!(await context.store.assertions.remember(client.clientId, jti, exp + CLOCK_SKEW_SECONDS))) {
    throw fail('ERR_AS_ASSERTION_REPLAYED', 'client_assertion was used before');
  }
}

function fail(code: `ERR_AS_${string}`, description: string, cause?: unknown) {
  return oauthError(code, 'invalid_client', description, cause === undefined ? {} : { cause });
}
