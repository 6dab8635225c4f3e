import { GatehouseError } from '@gatehouse/errors';

/**
 * Every code a {@link DiscoveryError} can carry. Codes are public API and stable.
 */
export type DiscoveryErrorCode =
  // WWW-Authenticate
  | 'ERR_DISCOVERY_CHALLENGE_SCOPE_INVALID'
  | 'ERR_DISCOVERY_CHALLENGE_PARAM_INVALID'
  | 'ERR_DISCOVERY_WWW_AUTHENTICATE_SYNTAX'
  | 'ERR_DISCOVERY_WWW_AUTHENTICATE_DUPLICATE_PARAM'
  // resource identifiers and URLs
  | 'ERR_DISCOVERY_RESOURCE_INVALID'
  | 'ERR_DISCOVERY_URL_INVALID'
  | 'ERR_DISCOVERY_URL_INSECURE'
  | 'ERR_DISCOVERY_URL_FRAGMENT'
  | 'ERR_DISCOVERY_URL_QUERY'
  // metadata documents
  | 'ERR_DISCOVERY_METADATA_NOT_OBJECT'
  | 'ERR_DISCOVERY_FIELD_MISSING'
  | 'ERR_DISCOVERY_FIELD_TYPE'
  | 'ERR_DISCOVERY_FIELD_EMPTY'
  | 'ERR_DISCOVERY_FIELD_VALUE'
  | 'ERR_DISCOVERY_PKCE_S256_MISSING'
  | 'ERR_DISCOVERY_RESPONSE_TYPE_CODE_MISSING'
  | 'ERR_DISCOVERY_BEARER_METHOD_UNSUPPORTED'
  | 'ERR_DISCOVERY_ENDPOINT_CROSS_ORIGIN'
  | 'ERR_DISCOVERY_RESOURCE_MISMATCH'
  | 'ERR_DISCOVERY_ISSUER_MISMATCH'
  // fetching
  | 'ERR_DISCOVERY_URL_REFUSED'
  | 'ERR_DISCOVERY_FETCH_FAILED'
  | 'ERR_DISCOVERY_FETCH_TIMEOUT'
  | 'ERR_DISCOVERY_FETCH_STATUS'
  | 'ERR_DISCOVERY_REDIRECT_REFUSED'
  | 'ERR_DISCOVERY_CONTENT_TYPE'
  | 'ERR_DISCOVERY_RESPONSE_TOO_LARGE'
  | 'ERR_DISCOVERY_JSON_INVALID'
  | 'ERR_DISCOVERY_NOT_FOUND'
  | 'ERR_DISCOVERY_NO_AUTHORIZATION_SERVER';

/**
 * A discovery failure: a malformed or hostile `WWW-Authenticate` header, a metadata document that breaks
 * a rule (naming the `field`), or a fetch that the hardening refused.
 *
 * Discovery errors are never exposed to an OAuth client as such (`expose` is false, status 500): on a
 * resource server they are configuration mistakes, on a client they describe a server it talked to.
 *
 * @example
 * ```ts
 * import { DiscoveryError, parseProtectedResourceMetadata } from '@gatehouse/discovery';
 *
 * try {
 *   parseProtectedResourceMetadata(json, { expectedResource: 'https://mcp.example.com/mcp' });
 * } catch (error) {
 *   if (DiscoveryError.isInstance(error) && error.code === 'ERR_DISCOVERY_RESOURCE_MISMATCH') {
 *     // the document describes another resource: do not use it
 *   }
 * }
 * ```
 */
export class DiscoveryError extends GatehouseError {
  declare readonly code: DiscoveryErrorCode;
  /** The metadata field or challenge parameter at fault, when there is one. */
  readonly field: string | undefined;

  constructor(
    code: DiscoveryErrorCode,
    message: string,
    options: { field?: string; cause?: unknown } = {},
  ) {
    super(code, message, 'cause' in options ? { cause: options.cause } : {});
    this.name = 'DiscoveryError';
    this.field = options.field;
  }

  /**
   * Whether `value` is a discovery error (from any copy of this package).
   *
   * @example
   * ```ts
   * import { DiscoveryError } from '@gatehouse/discovery';
   * DiscoveryError.isInstance(new Error('x')); // false
   * ```
   */
  static override isInstance(value: unknown): value is DiscoveryError {
    return GatehouseError.isInstance(value) && value.code.startsWith('ERR_DISCOVERY_');
  }
}
