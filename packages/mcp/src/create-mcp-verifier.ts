import { resolveOptions } from '@gatehouse/errors';
import {
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
  createAccessTokenVerifier,
  createRemoteJwks,
  type RemoteJwksOptions,
  type SigningAlgorithm,
  type VerifiedAccessToken,
} from '@gatehouse/tokens';
import { checkIssuer, type ResolvedJwksUri, resolveJwksUri } from './resolve-jwks-uri.js';

/** Options of {@link createMcpVerifier}. */
export interface McpVerifierOptions {
  /** The authorization server's issuer identifier; tokens' `iss` must equal it. Required. */
  issuer: string;
  /** This MCP server's canonical URI; tokens' `aud` must contain it. Required. */
  resource: string;
  /** The accepted signing algorithms (asymmetric only). Required. */
  algorithms: readonly SigningAlgorithm[];
  /** The fetch for the metadata and the JWKS; default the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Development only: accept an `http:` issuer and URLs on a loopback host. Default false. */
  allowLoopbackHttp?: boolean;
  /** Timeout of each metadata request, in milliseconds. Default 5000. */
  metadataTimeoutMs?: number;
  /** Options of the remote JWK Set (`createRemoteJwks`), except `uri` and `fetch`. */
  jwks?: Omit<RemoteJwksOptions, 'uri' | 'fetch'>;
  /** Further verifier options (`createAccessTokenVerifier`): cache, clock tolerance, `isRevoked`, ... */
  verify?: Omit<AccessTokenVerifierOptions, 'issuer' | 'audience' | 'algorithms' | 'jwks'>;
}

/** A verifier that finds its keys from the issuer's metadata; see {@link createMcpVerifier}. */
export interface McpVerifier extends AccessTokenVerifier {
  /** Resolves the issuer's `jwks_uri` now (at startup, to fail fast); the verifier reuses it. */
  ready(): Promise<ResolvedJwksUri>;
}

/** After a failed metadata resolution, requests fail without a new fetch for this long. */
const RETRY_AFTER_MS = 5000;

/**
 * A JWT access-token verifier for an MCP server that knows only its authorization server's issuer:
 * the issuer's RFC 8414 metadata is resolved with {@link resolveJwksUri} (exact issuer match, https,
 * the MCP URL order) on the first verification (or on `ready()`), then tokens are verified by
 * `createAccessTokenVerifier` against `createRemoteJwks({ uri: jwks_uri })` with `iss` = `issuer` and
 * `aud` containing `resource`. Concurrent first requests share one resolution; after a failure the
 * verifier answers with that failure (an unexposed error: a 500, not the token's fault) for 5 seconds
 * before it tries again. Options are checked at construction (TypeError).
 *
 * @example
 * ```ts
 * import { createMcpVerifier } from '@gatehouse/mcp';
 *
 * const verifier = createMcpVerifier({
 *   issuer: 'https://auth.example.com',
 *   resource: 'https://mcp.example.com/mcp',
 *   algorithms: ['ES256'],
 * });
 * await verifier.ready(); // optional: fail at startup if the metadata cannot be read
 * const auth = await verifier.verify(token);
 * ```
 */
export function createMcpVerifier(options: McpVerifierOptions): McpVerifier {
  const name = 'createMcpVerifier';
  const config = resolveOptions<McpVerifierOptions>(name, options, {
    defaults: {
      issuer: undefined,
      resource: undefined,
      algorithms: undefined,
      fetch: undefined,
      allowLoopbackHttp: false,
      metadataTimeoutMs: 5000,
      jwks: undefined,
      verify: undefined,
    },
    required: ['issuer', 'resource', 'algorithms'],
  });
  const allowLoopbackHttp = config.allowLoopbackHttp === true;
  checkIssuer(name, config.issuer, allowLoopbackHttp);
  if (typeof config.resource !== 'string' || !URL.canParse(config.resource)) {
    throw new TypeError(`${name}: resource must be an absolute URL`);
  }
  const build = (jwksUri: string): AccessTokenVerifier =>
    createAccessTokenVerifier({
      ...config.verify,
      issuer: config.issuer,
      audience: config.resource,
      algorithms: config.algorithms,
      jwks: createRemoteJwks({
        ...config.jwks,
        uri: jwksUri,
        ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
      }),
    });
  // Built once with a placeholder key source, so that bad verifier or JWKS options fail here.
  build('https://jwks.invalid/');

  let resolved: Promise<{ info: ResolvedJwksUri; verifier: AccessTokenVerifier }> | undefined;
  let failedAt: number | undefined; // set once the current resolution has failed
  const resolve = () => {
    if (
      resolved === undefined ||
      (failedAt !== undefined && Date.now() - failedAt >= RETRY_AFTER_MS)
    ) {
      failedAt = undefined;
      resolved = resolveJwksUri(config.issuer, {
        allowLoopbackHttp,
        ...(config.metadataTimeoutMs === undefined ? {} : { timeoutMs: config.metadataTimeoutMs }),
        ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
      }).then(
        (info) => ({ info, verifier: build(info.jwksUri) }),
        (error: unknown) => {
          failedAt = Date.now();
          throw error;
        },
      );
    }
    return resolved;
  };
  return Object.freeze({
    async ready(): Promise<ResolvedJwksUri> {
      return (await resolve()).info;
    },
    async verify(token: string): Promise<VerifiedAccessToken> {
      return (await resolve()).verifier.verify(token);
    },
  });
}
