import { resolveOptions } from '@gatehouse/errors';
import { sha256Key } from '@gatehouse/internal';
import { TokenError } from './errors.js';
import { audienceList, checkClaims } from './internal/claims.js';
import { clientAuthentication } from './internal/client-auth.js';
import { introspectionRequest } from './internal/introspection-request.js';
import { endpointUrl } from './internal/read-json.js';
import { type CacheOptions, VerifiedCache } from './internal/verified-cache.js';
import type { AccessTokenVerifier, VerifiedAccessToken } from './verified-access-token.js';

/** How the resource server authenticates to the introspection endpoint (RFC 7662 section 2.1). */
export type IntrospectionClientAuth =
  | { method: 'client_secret_basic'; clientId: string; clientSecret: string }
  | { method: 'client_secret_post'; clientId: string; clientSecret: string };

/** Options of {@link createIntrospectionVerifier}. */
export interface IntrospectionVerifierOptions {
  /** The AS's `introspection_endpoint` (https; http only on a loopback host). */
  endpoint: string | URL;
  /** The resource server's credentials at the AS. */
  clientAuth: IntrospectionClientAuth;
  /** This resource's canonical URI (or several); the response's `aud` must contain one. */
  audience: string | readonly string[];
  /** When set, the response's `iss` must equal it. */
  issuer?: string;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
  /** Give up on the endpoint after this long; default 5000. */
  timeoutMs?: number;
  /** Allowed clock skew for `exp`, `nbf` and `iat`; default 30, at most 300. */
  clockToleranceSeconds?: number;
  /** Refuse longer tokens without asking the AS; default 8192 characters. */
  maxTokenLength?: number;
  /** Cache of active results, or `false`; default 1,000 entries for 30 seconds (and never past `exp`). */
  cache?: false | CacheOptions;
  /**
   * Accept sender-constrained tokens (an answer with `cnf`, or `token_type: DPoP`). Default `false`:
   * such a token presented as a plain bearer token is refused with `ERR_TOKEN_SENDER_CONSTRAINED`.
   * Set it only if something else checks the binding (a DPoP proof or the client certificate) on
   * every request; the verifier does not.
   */
  acceptSenderConstrained?: boolean;
}

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Creates a verifier for opaque tokens through RFC 7662 token introspection: an authenticated POST of
 * the token; `active` must be `true` (`ERR_TOKEN_INACTIVE` otherwise), and the answer is still
 * checked like a JWT's claims: `aud` must contain this resource, `exp` (required) not past, `nbf`,
 * `iat`, `iss` when configured, `scope` a string; `sub` and `client_id` are required. `token_type`,
 * when present, must be `Bearer` or `access_token` (ASCII case-insensitive; `DPoP` is
 * `ERR_TOKEN_SENDER_CONSTRAINED`, anything else such as `refresh_token` `ERR_TOKEN_TYP_INVALID`), and
 * an answer with `cnf` is `ERR_TOKEN_SENDER_CONSTRAINED` (unless `acceptSenderConstrained`).
 *
 * Concurrent verifications of one token share one request to the endpoint. Active results are cached
 * briefly (keyed by the SHA-256 of the token); rejections and endpoint failures are not. An
 * unreachable or failing endpoint is `ERR_TOKEN_INTROSPECTION_FAILED` (a 500, not the token's fault).
 *
 * @example
 * ```ts
 * import { createIntrospectionVerifier } from '@gatehouse/tokens';
 *
 * const verifier = createIntrospectionVerifier({
 *   endpoint: 'https://auth.example.com/introspect',
 *   clientAuth: { method: 'client_secret_basic', clientId: 'mcp-server', clientSecret },
 *   audience: 'https://mcp.example.com/mcp',
 * });
 * const auth = await verifier.verify(token);
 * ```
 */
export function createIntrospectionVerifier(
  options: IntrospectionVerifierOptions,
): AccessTokenVerifier {
  const name = 'createIntrospectionVerifier';
  const config = resolveOptions<Required<IntrospectionVerifierOptions>>(name, options, {
    defaults: {
      endpoint: undefined,
      clientAuth: undefined,
      audience: undefined,
      issuer: undefined,
      fetch: undefined,
      timeoutMs: 5000,
      clockToleranceSeconds: 30,
      maxTokenLength: 8192,
      cache: {},
      acceptSenderConstrained: false,
    },
    required: ['endpoint', 'clientAuth', 'audience'],
  });
  const endpoint = endpointUrl(name, 'endpoint', config.endpoint).href;
  const authorize = clientAuthentication(name, config.clientAuth);
  const audiences = audienceList(name, config.audience);
  if (config.issuer !== undefined && !isNonEmptyString(config.issuer)) {
    throw new TypeError(`${name}: issuer must be a non-empty string`);
  }
  const tolerance = config.clockToleranceSeconds;
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300) {
    throw new TypeError(`${name}: clockToleranceSeconds must be an integer from 0 to 300`);
  }
  if (!Number.isFinite(config.timeoutMs) || config.timeoutMs <= 0) {
    throw new TypeError(`${name}: timeoutMs must be a positive number`);
  }
  if (!Number.isInteger(config.maxTokenLength) || config.maxTokenLength < 16) {
    throw new TypeError(`${name}: maxTokenLength must be an integer of at least 16`);
  }
  const fetchImpl =
    config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  if (typeof fetchImpl !== 'function') throw new TypeError(`${name}: fetch must be a function`);
  if (typeof config.acceptSenderConstrained !== 'boolean') {
    throw new TypeError(`${name}: acceptSenderConstrained must be a boolean`);
  }
  const cache =
    config.cache === false
      ? undefined
      : new VerifiedCache(name, config.cache, { maxEntries: 1000, maxAgeSeconds: 30 });
  const rules = {
    issuer: config.issuer,
    audiences,
    toleranceSeconds: tolerance,
    maxTokenAgeSeconds: undefined,
    required: ['sub', 'client_id'] as const,
    tokenType: true,
    acceptSenderConstrained: config.acceptSenderConstrained,
  };
  /** The answers being fetched, by token digest: concurrent verifications of a token share one. */
  const inflight = new Map<string, Promise<Record<string, unknown>>>();

  const introspect = introspectionRequest({
    endpoint,
    authorize,
    fetch: fetchImpl,
    timeoutMs: config.timeoutMs,
  });

  /** The endpoint's answer for a token: the one already on its way, or a new request. */
  async function lookup(key: string, token: string): Promise<Record<string, unknown>> {
    let answer = inflight.get(key);
    if (answer === undefined) {
      answer = introspect(token);
      inflight.set(key, answer);
      const forget = () => inflight.delete(key);
      answer.then(forget, forget);
    }
    try {
      return await answer;
    } catch (error) {
      // each caller gets its own error: a shared instance could carry one request's data to another
      const shared = error as TokenError;
      throw new TokenError(
        shared.code,
        shared.message,
        'cause' in shared ? { cause: shared.cause } : {},
      );
    }
  }

  return Object.freeze({
    async verify(token: string): Promise<VerifiedAccessToken> {
      if (typeof token === 'string' && token.length > config.maxTokenLength) {
        throw new TokenError('ERR_TOKEN_TOO_LARGE', 'the token is too large');
      }
      if (typeof token !== 'string' || !B64TOKEN.test(token)) {
        throw new TokenError('ERR_TOKEN_MALFORMED', 'the token is not a bearer token (b64token)');
      }
      const key = sha256Key(token) as string;
      const hit = cache?.get(key, '', '', Date.now());
      if (hit !== undefined) return hit;
      const claims = await lookup(key, token);
      if (claims.active !== true) {
        throw new TokenError('ERR_TOKEN_INACTIVE', 'the token is not active');
      }
      const verified = checkClaims(claims, rules);
      cache?.set(key, '', '', verified, verified.expiresAt, Date.now());
      return verified;
    },
  });
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
