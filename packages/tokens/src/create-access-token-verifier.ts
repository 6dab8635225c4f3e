import { resolveOptions } from '@gatehouse/errors';
import { sha256Key } from '@gatehouse/internal';
import type { JSONWebKeySet } from 'jose';
import type { RemoteJwks } from './create-remote-jwks.js';
import { TokenError } from './errors.js';
import { assertAlgorithmList } from './internal/algorithms.js';
import { audienceList, checkClaims } from './internal/claims.js';
import { checkHeader, decodeJson, isCanonicalCompactJws } from './internal/jws.js';
import { resolverFor } from './internal/key-resolver.js';
import { signatureCheck } from './internal/signature-check.js';
import { identityOf } from './internal/token-identity.js';
import { type CacheOptions, VerifiedCache } from './internal/verified-cache.js';
import type { KeySet } from './key-set.js';
import type { SignatureBackend } from './signature-backend.js';
import type { SigningAlgorithm } from './signing-key.js';
import type { AccessTokenVerifier, VerifiedAccessToken } from './verified-access-token.js';

/** Options of {@link createAccessTokenVerifier}. */
export interface AccessTokenVerifierOptions {
  /** The expected `iss`, exactly (the authorization server's issuer identifier). Required. */
  issuer: string;
  /** This resource's canonical URI (or several); `aud` must contain one. Required. */
  audience: string | readonly string[];
  /** The accepted `alg` values; asymmetric only. Required. */
  algorithms: readonly SigningAlgorithm[];
  /**
   * Where the verification keys come from: a {@link KeySet} (the AS verifying its own tokens), a JWK
   * Set object, a `jwks_uri` (string or URL, fetched with the defaults of {@link createRemoteJwks}), or
   * a {@link RemoteJwks}.
   */
  jwks: KeySet | JSONWebKeySet | RemoteJwks | string | URL;
  /** Allowed clock skew for `exp`, `nbf` and `iat`; default 30, at most 300. */
  clockToleranceSeconds?: number;
  /** Refuse tokens whose `iat` is older than this many seconds. */
  maxTokenAge?: number;
  /** Refuse longer tokens before any parsing; default 8192 characters. */
  maxTokenLength?: number;
  /** The verified-token cache, or `false` for none; default 10,000 entries, 300 seconds. */
  cache?: false | CacheOptions;
  /** Runs on every successful verification, cached or not; `true` rejects with `ERR_TOKEN_REVOKED`. */
  isRevoked?: (jti: string, token: VerifiedAccessToken) => boolean | Promise<boolean>;
  /**
   * Accept sender-constrained tokens (a `cnf` claim: DPoP `jkt`, mTLS `x5t#S256`). Default `false`:
   * such a token presented as a plain bearer token is refused with `ERR_TOKEN_SENDER_CONSTRAINED`.
   * Set it only if something else checks the binding (a DPoP proof or the client certificate)
   * on every request; the verifier does not.
   */
  acceptSenderConstrained?: boolean;
  /**
   * What checks signatures; default WebCrypto through jose (any runtime). On Node.js,
   * `nodeCryptoBackend` from `@gatehouse/tokens/node` is faster (within 15% of a bare
   * `crypto.verify` for ES256 and EdDSA, in the bench). Every other check stays the verifier's own,
   * whatever the backend.
   */
  backend?: SignatureBackend;
}

const MAX_TOLERANCE_SECONDS = 300;
/**
 * The cache key is the SHA-256 of the first 55 characters of the signature (one compression block,
 * at least 330 bits of signature); the rest of the token (header, payload and any further signature
 * characters) is compared exactly on a hit. Key and comparison together pin the whole token, so a
 * hit is exactly a token verified before; and what the cache holds cannot be presented as a token,
 * since those 55 characters are kept only as their digest.
 */
const HASHED_SIGNATURE_CHARS = 55;

/**
 * Creates the verifier of RFC 9068 JWT access tokens a resource server uses on every request (MCP R10,
 * R11). It checks, each failure with its own `ERR_TOKEN_*` code (all `invalid_token` on the wire): size
 * and compact form, `alg` (never `none`, never HMAC, only the allow-list, and the key's type must fit
 * it), `crit` (refused), `typ` (`at+jwt`), the key (`kid`), the signature, then the claims: `iss`,
 * `aud` contains this resource, `exp`, `nbf`, `iat` not in the future, `maxTokenAge`, and the RFC
 * 9068 required claims (`iss`, `sub`, `aud`, `exp`, `iat`, `jti`, `client_id`; `azp` is accepted
 * when `client_id` is absent), and no `cnf` (a sender-constrained token presented as a bearer token is
 * `ERR_TOKEN_SENDER_CONSTRAINED`, unless `acceptSenderConstrained`).
 *
 * Verified tokens are cached (bounded LRU) under a SHA-256 digest: a hit is exactly a token verified
 * before, and the cache never holds a presentable token (see the README). An entry lives until the
 * token's `exp` (or `iat + maxTokenAge`) or the cache's max age, whichever comes first, and only while
 * the key that verified it is still trusted: removed from the {@link KeySet} (`keys.remove(kid)`, or
 * its retention over) or no longer published by the remote JWKS after a refresh, the next
 * presentation is verified again (and refused). `isRevoked` runs on every hit. Failures are never
 * cached.
 *
 * Signatures are checked by `backend`: WebCrypto through jose by default, or, on Node.js,
 * `nodeCryptoBackend` from `@gatehouse/tokens/node` (synchronous `node:crypto`, faster uncached);
 * every other check is the same with either.
 *
 * @example
 * ```ts
 * import { createAccessTokenVerifier } from '@gatehouse/tokens';
 *
 * const verifier = createAccessTokenVerifier({
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://mcp.example.com/mcp',
 *   algorithms: ['ES256'],
 *   jwks: 'https://auth.example.com/jwks',
 * });
 * const auth = await verifier.verify(token); // { subject, clientId, scopes, audience, expiresAt, ... }
 * ```
 */
export function createAccessTokenVerifier(
  options: AccessTokenVerifierOptions,
): AccessTokenVerifier {
  const name = 'createAccessTokenVerifier';
  const config = resolveOptions<Required<AccessTokenVerifierOptions>>(name, options, {
    defaults: {
      issuer: undefined,
      audience: undefined,
      algorithms: undefined,
      jwks: undefined,
      clockToleranceSeconds: 30,
      maxTokenAge: undefined,
      maxTokenLength: 8192,
      cache: {},
      isRevoked: undefined,
      acceptSenderConstrained: false,
      backend: undefined,
    },
    required: ['issuer', 'audience', 'algorithms', 'jwks'],
  });
  if (typeof config.issuer !== 'string' || config.issuer === '') {
    throw new TypeError(`${name}: issuer must be a non-empty string`);
  }
  const audiences = audienceList(name, config.audience);
  const allowed = new Set<string>(assertAlgorithmList(name, config.algorithms));
  const tolerance = config.clockToleranceSeconds;
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > MAX_TOLERANCE_SECONDS) {
    throw new TypeError(`${name}: clockToleranceSeconds must be an integer from 0 to 300`);
  }
  const maxAge = config.maxTokenAge;
  if (maxAge !== undefined && (!Number.isFinite(maxAge) || maxAge <= 0)) {
    throw new TypeError(`${name}: maxTokenAge must be a positive number of seconds`);
  }
  if (!Number.isInteger(config.maxTokenLength) || config.maxTokenLength < 16) {
    throw new TypeError(`${name}: maxTokenLength must be an integer of at least 16`);
  }
  const isRevoked = config.isRevoked;
  if (isRevoked !== undefined && typeof isRevoked !== 'function') {
    throw new TypeError(`${name}: isRevoked must be a function`);
  }
  if (typeof config.acceptSenderConstrained !== 'boolean') {
    throw new TypeError(`${name}: acceptSenderConstrained must be a boolean`);
  }
  const checkSignature = signatureCheck(name, config.backend);
  const resolver = resolverFor(name, config.jwks);
  const isCurrent = resolver.isCurrent;
  const cache =
    config.cache === false
      ? undefined
      : new VerifiedCache(name, config.cache, { maxEntries: 10_000, maxAgeSeconds: 300 });
  const rules = {
    issuer: config.issuer,
    audiences,
    toleranceSeconds: tolerance,
    maxTokenAgeSeconds: maxAge,
    required: ['iss', 'sub', 'iat', 'jti', 'client_id'] as const,
    tokenType: false,
    acceptSenderConstrained: config.acceptSenderConstrained,
  };

  async function revocationCheck(token: VerifiedAccessToken): Promise<VerifiedAccessToken> {
    if (isRevoked !== undefined && (await isRevoked(token.jti as string, token))) {
      throw new TokenError('ERR_TOKEN_REVOKED', 'the token has been revoked', {
        identity: identityOf(token.claims),
      });
    }
    return token;
  }

  async function verify(token: string): Promise<VerifiedAccessToken> {
    if (typeof token !== 'string') {
      throw new TokenError('ERR_TOKEN_MALFORMED', 'the token must be a string');
    }
    if (token.length > config.maxTokenLength) {
      throw new TokenError('ERR_TOKEN_TOO_LARGE', 'the token is too large');
    }
    const lastDot = token.lastIndexOf('.');
    // cache: see HASHED_SIGNATURE_CHARS
    const hashedEnd = Math.min(token.length, lastDot + 1 + HASHED_SIGNATURE_CHARS);
    const cacheKey = cache && lastDot > 0 ? sha256Key(token, lastDot + 1, hashedEnd) : undefined;
    if (cacheKey !== undefined) {
      const hit = cache?.get(
        cacheKey,
        token.slice(0, lastDot),
        token.slice(hashedEnd),
        Date.now(),
        isCurrent,
      );
      if (hit !== undefined) return isRevoked === undefined ? hit : revocationCheck(hit);
    }
    if (!isCanonicalCompactJws(token)) {
      throw new TokenError(
        'ERR_TOKEN_MALFORMED',
        'the token is not a JWS in compact serialization (three canonical base64url parts)',
      );
    }
    const firstDot = token.indexOf('.');
    const { alg, kid } = checkHeader(decodeJson(token, 0, firstDot, 'header'), allowed);
    const pending = resolver.resolve(alg, kid);
    const resolved = pending instanceof Promise ? await pending : pending;
    const checked = checkSignature(resolved, alg, token, lastDot);
    if (checked instanceof Promise) await checked;
    const claims = decodeJson(token, firstDot + 1, lastDot, 'payload');
    const verified = checkClaims(claims, rules);
    if (cacheKey !== undefined && cache !== undefined) {
      const until =
        maxAge === undefined
          ? verified.expiresAt
          : Math.min(verified.expiresAt, (verified.issuedAt as number) + maxAge + tolerance);
      cache.set(
        cacheKey,
        token.slice(0, lastDot),
        token.slice(hashedEnd),
        verified,
        until,
        Date.now(),
        resolved.handle,
      );
    }
    return isRevoked === undefined ? verified : revocationCheck(verified);
  }

  return Object.freeze({ verify });
}
