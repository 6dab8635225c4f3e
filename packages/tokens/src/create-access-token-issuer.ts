import { resolveOptions } from '@gatehouse/errors';
import { base64url, CompactSign } from 'jose';
import { isKeySet, type KeySet } from './key-set.js';
import type { SigningBackend } from './signing-backend.js';
import type { SigningKey } from './signing-key.js';

/** Options of {@link createAccessTokenIssuer}. */
export interface AccessTokenIssuerOptions {
  /** The authorization server's issuer identifier (`iss`), exactly as in its metadata. */
  issuer: string;
  /** A key set (signs with its active key) or a single signing key. */
  keys: KeySet | SigningKey;
  /** Token lifetime; default 300 (5 minutes), at most 86400. */
  ttlSeconds?: number;
  /**
   * What makes the signatures: WebCrypto through jose by default; `nodeCryptoSigner` from
   * `@gatehouse/tokens/node` on Node.js. The header and claims are the same whatever the backend.
   */
  backend?: SigningBackend;
}

/** What a token is issued for. */
export interface IssueAccessTokenInput {
  /** `sub`: the user, or the client's own id for a client-credentials grant. */
  subject: string;
  /** `client_id`. */
  clientId: string;
  /** `aud`: the resource (RFC 8707) the token is for. Required: a token without one is refused. */
  audience: string | readonly string[];
  /** Granted scopes, as a space-separated string or a list. */
  scope?: string | readonly string[];
  /** More claims; they cannot replace the registered ones. */
  extraClaims?: Readonly<Record<string, unknown>>;
  /** `cnf` (RFC 7800), e.g. `{ jkt }` for DPoP-bound tokens. */
  confirmation?: Readonly<Record<string, unknown>>;
  /** A shorter lifetime for this token (at most the issuer's `ttlSeconds`). */
  ttlSeconds?: number;
}

/** An issued access token with what the token response needs. */
export interface IssuedAccessToken {
  /** The JWT (compact serialization). */
  token: string;
  jti: string;
  issuedAt: number;
  expiresAt: number;
  /** `expires_in` for the token response. */
  expiresIn: number;
}

/** Signs RFC 9068 access tokens. */
export interface AccessTokenIssuer {
  issue(input: IssueAccessTokenInput): Promise<IssuedAccessToken>;
}

const RESERVED = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'client_id',
  'scope',
  'cnf',
]);
const MAX_TTL_SECONDS = 86_400;
const encoder = new TextEncoder();

/**
 * Creates an issuer of RFC 9068 JWT access tokens: header `typ: at+jwt` with `alg` and `kid` of the
 * active key; claims `iss`, `sub`, `aud`, `client_id`, `scope`, `iat`, `exp`, `jti` (and `cnf`).
 * Input mistakes (no audience, an empty subject, a reserved claim in `extraClaims`) throw `TypeError`.
 * Signatures are made by `backend` (default: WebCrypto through jose).
 *
 * @example
 * ```ts
 * import { createAccessTokenIssuer } from '@gatehouse/tokens';
 *
 * const issuer = createAccessTokenIssuer({ issuer: 'https://auth.example.com', keys, ttlSeconds: 300 });
 * const { token, expiresIn } = await issuer.issue({
 *   subject: 'user-123',
 *   clientId: 'mcp-inspector',
 *   audience: 'https://mcp.example.com/mcp',
 *   scope: 'files:read files:write',
 * });
 * ```
 */
export function createAccessTokenIssuer(options: AccessTokenIssuerOptions): AccessTokenIssuer {
  const name = 'createAccessTokenIssuer';
  const { issuer, keys, ttlSeconds, backend } = resolveOptions<
    Required<Omit<AccessTokenIssuerOptions, 'backend'>> & { backend: SigningBackend | undefined }
  >(name, options, {
    defaults: { issuer: undefined, keys: undefined, ttlSeconds: 300, backend: undefined },
    required: ['issuer', 'keys'],
  });
  assertNonEmptyString(name, 'issuer', issuer);
  assertTtl(name, ttlSeconds, MAX_TTL_SECONDS);
  const activeKey = isKeySet(keys) ? () => keys.active : () => keys;
  if (!isKeySet(keys) && !(typeof keys === 'object' && keys !== null && 'privateKey' in keys)) {
    throw new TypeError(`${name}: keys must be a KeySet or a SigningKey`);
  }
  const sign = backend === undefined ? joseSign : backendSigner(name, backend);

  return Object.freeze({
    async issue(input: IssueAccessTokenInput): Promise<IssuedAccessToken> {
      const claims = buildClaims(input, issuer, ttlSeconds);
      const token = await sign(activeKey(), JSON.stringify(claims.payload));
      return {
        token,
        jti: claims.jti,
        issuedAt: claims.issuedAt,
        expiresAt: claims.expiresAt,
        expiresIn: claims.expiresAt - claims.issuedAt,
      };
    },
  });
}

/** The protected header of every access token: `alg`, `typ`, `kid`, in this order. */
function header(key: SigningKey) {
  return { alg: key.alg, typ: 'at+jwt', kid: key.kid };
}

/** The default: jose's `CompactSign` over WebCrypto. */
function joseSign(key: SigningKey, payload: string): Promise<string> {
  return new CompactSign(encoder.encode(payload))
    .setProtectedHeader(header(key))
    .sign(key.privateKey);
}

/**
 * Signs through a {@link SigningBackend}: the same compact JWS as jose makes (the header's JSON in
 * the same order, base64url of the UTF-8 payload), each key imported once and its encoded header kept.
 */
function backendSigner(name: string, backend: SigningBackend) {
  if (
    typeof backend !== 'object' ||
    backend === null ||
    typeof backend.importKey !== 'function' ||
    typeof backend.sign !== 'function'
  ) {
    throw new TypeError(`${name}: backend must have importKey and sign functions`);
  }
  const prepared = new WeakMap<SigningKey, Promise<{ key: unknown; header: string }>>();
  const prepare = (key: SigningKey) => {
    let entry = prepared.get(key);
    if (entry === undefined) {
      entry = (async () => ({
        key: await backend.importKey(key),
        header: base64url.encode(JSON.stringify(header(key))),
      }))();
      // a failed import is tried again on the next token
      entry.catch(() => prepared.delete(key));
      prepared.set(key, entry);
    }
    return entry;
  };
  return async (key: SigningKey, payload: string): Promise<string> => {
    const ready = await prepare(key);
    const signingInput = `${ready.header}.${base64url.encode(payload)}`;
    const signature = await backend.sign(ready.key, key.alg, signingInput);
    if (typeof signature !== 'string' || !/^[A-Za-z0-9_-]+$/.test(signature)) {
      throw new TypeError(`${name}: the backend returned no base64url signature`);
    }
    return `${signingInput}.${signature}`;
  };
}

function buildClaims(input: IssueAccessTokenInput, issuer: string, maxTtl: number) {
  const name = 'AccessTokenIssuer.issue';
  if (typeof input !== 'object' || input === null) throw new TypeError(`${name}: input required`);
  const { subject, clientId, audience, scope, extraClaims, confirmation } = input;
  assertNonEmptyString(name, 'subject', subject);
  assertNonEmptyString(name, 'clientId', clientId);
  const aud = typeof audience === 'string' ? [audience] : audience;
  if (!Array.isArray(aud) || aud.length === 0) {
    throw new TypeError(`${name}: an audience is required; a token without one is refused`);
  }
  for (const value of aud) assertNonEmptyString(name, 'audience', value);
  const ttl = input.ttlSeconds ?? maxTtl;
  assertTtl(name, ttl, maxTtl);
  const scopeText = scope === undefined ? undefined : formatScope(name, scope);
  for (const claim of Object.keys(extraClaims ?? {})) {
    if (RESERVED.has(claim)) throw new TypeError(`${name}: extraClaims cannot set "${claim}"`);
  }
  if (confirmation !== undefined && (typeof confirmation !== 'object' || confirmation === null)) {
    throw new TypeError(`${name}: confirmation must be an object`);
  }
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + ttl;
  const jti = crypto.randomUUID();
  const payload: Record<string, unknown> = {
    ...extraClaims,
    iss: issuer,
    sub: subject,
    aud: aud.length === 1 ? aud[0] : [...aud],
    client_id: clientId,
    ...(scopeText === undefined ? {} : { scope: scopeText }),
    ...(confirmation === undefined ? {} : { cnf: confirmation }),
    iat: issuedAt,
    exp: expiresAt,
    jti,
  };
  return { payload, jti, issuedAt, expiresAt };
}

function formatScope(name: string, scope: string | readonly string[]): string {
  const tokens = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : scope;
  if (!Array.isArray(tokens)) throw new TypeError(`${name}: scope must be a string or a list`);
  for (const token of tokens) {
    if (typeof token !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(token)) {
      throw new TypeError(`${name}: scope tokens must be %x21 / %x23-5B / %x5D-7E characters`);
    }
  }
  return [...new Set(tokens)].join(' ');
}

function assertNonEmptyString(name: string, field: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name}: ${field} must be a non-empty string`);
  }
}

function assertTtl(name: string, value: unknown, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new TypeError(`${name}: ttlSeconds must be an integer from 1 to ${max}`);
  }
}
