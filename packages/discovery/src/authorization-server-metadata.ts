import { resolveOptions } from '@gatehouse/errors';
import type {
  AuthorizationServerMetadata,
  AuthorizationServerMetadataFields,
} from './authorization-server-metadata-fields.js';
import { DiscoveryError } from './errors.js';
import {
  AUTHORIZATION_SERVER_FIELDS,
  ENDPOINT_FIELDS,
} from './internal/authorization-server-fields.js';
import { checkFields, omitEmptyLists, requireField } from './internal/fields.js';
import { isScopeToken } from './internal/http-chars.js';
import { assertMcpCapable, fail } from './internal/mcp-capable.js';
import { parseUrl } from './internal/parse-url.js';
import { assertAuthSigningAlgorithms } from './internal/signing-algorithms.js';

/**
 * Options of {@link defineAuthorizationServerMetadata}.
 */
export interface DefineAuthorizationServerMetadataOptions {
  /** Development only: allow `http:` URLs for loopback hosts (127.0.0.0/8, `[::1]`, `localhost`). */
  allowLoopbackHttp?: boolean;
  /** Origins besides the issuer's that endpoints may live on (for example a CDN for `jwks_uri`). */
  allowedEndpointOrigins?: readonly string[];
}

/**
 * Options of {@link parseAuthorizationServerMetadata}.
 */
export interface ParseAuthorizationServerMetadataOptions {
  /** The issuer the metadata URL was built from; `issuer` must equal it as a string (RFC 8414 3.3). */
  expectedIssuer: string;
  /** Development only: accept `http:` URLs for loopback hosts. */
  allowLoopbackHttp?: boolean;
}

/**
 * Validates and freezes the Authorization Server Metadata (RFC 8414) an authorization server
 * publishes, enforcing what MCP needs (A1-A3): `issuer` https without query or fragment;
 * `authorization_endpoint`, `token_endpoint` and `response_types_supported` (with `code`) present;
 * `code_challenge_methods_supported` containing `S256` and not `plain`; no `implicit` or `password`
 * grant; every URL https; every endpoint on the issuer's origin unless listed in
 * `allowedEndpointOrigins`; and, for the token, revocation and introspection endpoints (RFC 8414 2),
 * `<endpoint>_auth_signing_alg_values_supported` present and non-empty whenever
 * `<endpoint>_auth_methods_supported` lists `private_key_jwt` or `client_secret_jwt`, and never
 * listing `none`. Extension fields are kept; a list with no element is left out (RFC 8414 3.2:
 * such claims MUST be omitted).
 *
 * Throws a {@link DiscoveryError} naming the `field`.
 *
 * @example
 * ```ts
 * import { defineAuthorizationServerMetadata } from '@gatehouse/discovery';
 *
 * const metadata = defineAuthorizationServerMetadata({
 *   issuer: 'https://auth.example.com',
 *   authorization_endpoint: 'https://auth.example.com/authorize',
 *   token_endpoint: 'https://auth.example.com/token',
 *   response_types_supported: ['code'],
 *   code_challenge_methods_supported: ['S256'],
 *   token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
 *   authorization_response_iss_parameter_supported: true,
 *   client_id_metadata_document_supported: true,
 * });
 * ```
 */
export function defineAuthorizationServerMetadata(
  input: AuthorizationServerMetadataFields & {
    readonly authorization_endpoint: string;
    readonly token_endpoint: string;
    readonly response_types_supported: readonly string[];
    readonly code_challenge_methods_supported: readonly string[];
  },
  options?: DefineAuthorizationServerMetadataOptions,
): AuthorizationServerMetadata {
  const { allowLoopbackHttp = false, allowedEndpointOrigins = [] } =
    resolveOptions<DefineAuthorizationServerMetadataOptions>(
      'defineAuthorizationServerMetadata',
      options,
      { defaults: { allowLoopbackHttp: false, allowedEndpointOrigins: [] } },
    );
  const extraOrigins = allowedEndpointOrigins.map(toOrigin);
  const doc = checkFields(input, AUTHORIZATION_SERVER_FIELDS, { allowLoopbackHttp });
  for (const field of ['issuer', 'authorization_endpoint', 'token_endpoint']) {
    requireField(doc, field);
  }
  assertMcpCapable(doc as AuthorizationServerMetadata);
  const methods = doc.code_challenge_methods_supported as readonly string[];
  if (methods.includes('plain')) {
    fail('ERR_DISCOVERY_FIELD_VALUE', 'code_challenge_methods_supported', 'must not list plain');
  }
  for (const grant of (doc.grant_types_supported as readonly string[] | undefined) ?? []) {
    if (grant === 'implicit' || grant === 'password') {
      fail('ERR_DISCOVERY_FIELD_VALUE', 'grant_types_supported', `must not list ${grant}`);
    }
  }
  assertAuthSigningAlgorithms(doc);
  for (const scope of (doc.scopes_supported as readonly string[] | undefined) ?? []) {
    if (!isScopeToken(scope)) {
      fail('ERR_DISCOVERY_FIELD_VALUE', 'scopes_supported', 'must hold scope-tokens');
    }
  }
  const issuerOrigin = new URL(doc.issuer as string).origin;
  for (const field of ENDPOINT_FIELDS) {
    const value = doc[field];
    if (typeof value !== 'string') continue;
    const origin = new URL(value).origin;
    if (origin !== issuerOrigin && !extraOrigins.includes(origin)) {
      fail(
        'ERR_DISCOVERY_ENDPOINT_CROSS_ORIGIN',
        field,
        "must be on the issuer's origin (or in allowedEndpointOrigins)",
      );
    }
  }
  return omitEmptyLists(doc) as AuthorizationServerMetadata;
}

/**
 * Validates an untrusted Authorization Server Metadata document fetched from the network (the parsed
 * JSON body, RFC 8414 or OpenID Connect Discovery): a JSON object; `issuer` exactly equal, as a string,
 * to `expectedIssuer` (the mix-up defence of RFC 8414 3.3); `response_types_supported` present; every
 * registered field of the right type; URL fields https (loopback http with `allowLoopbackHttp`).
 * Endpoints on other origins are accepted, as many real servers use them. Unknown fields are kept.
 * Returns a deep-frozen copy; throws a {@link DiscoveryError} naming the `field`.
 *
 * @example
 * ```ts
 * import { parseAuthorizationServerMetadata } from '@gatehouse/discovery';
 *
 * const metadata = parseAuthorizationServerMetadata(await response.json(), {
 *   expectedIssuer: 'https://auth.example.com/tenant1',
 * });
 * metadata.token_endpoint; // 'https://auth.example.com/tenant1/token'
 * ```
 */
export function parseAuthorizationServerMetadata(
  json: unknown,
  options: ParseAuthorizationServerMetadataOptions,
): AuthorizationServerMetadata {
  const { expectedIssuer, allowLoopbackHttp = false } =
    resolveOptions<ParseAuthorizationServerMetadataOptions>(
      'parseAuthorizationServerMetadata',
      options,
      {
        defaults: { expectedIssuer: undefined, allowLoopbackHttp: false },
        required: ['expectedIssuer'],
      },
    );
  if (typeof expectedIssuer !== 'string') {
    throw new TypeError('parseAuthorizationServerMetadata: expectedIssuer must be a string');
  }
  const doc = checkFields(json, AUTHORIZATION_SERVER_FIELDS, { allowLoopbackHttp });
  requireField(doc, 'issuer');
  if (doc.issuer !== expectedIssuer) {
    fail(
      'ERR_DISCOVERY_ISSUER_MISMATCH',
      'issuer',
      'differs from the issuer the URL was built from',
    );
  }
  requireField(doc, 'response_types_supported');
  return doc as AuthorizationServerMetadata;
}

function toOrigin(origin: string): string {
  const url = typeof origin === 'string' ? parseUrl(origin) : undefined;
  if (url === undefined || url.origin === 'null') {
    throw new TypeError('defineAuthorizationServerMetadata: allowedEndpointOrigins must be URLs');
  }
  return url.origin;
}
