import { GatehouseError } from '@gatehouse/errors';

/**
 * Every code a {@link MetadataDocumentError} can carry.
 */
export type MetadataDocumentErrorCode =
  // the client_id URL itself
  | 'ERR_CIMD_URL_INVALID'
  | 'ERR_CIMD_URL_NOT_HTTPS'
  | 'ERR_CIMD_URL_NO_PATH'
  | 'ERR_CIMD_URL_USERINFO'
  | 'ERR_CIMD_URL_FRAGMENT'
  | 'ERR_CIMD_URL_DOT_SEGMENT'
  | 'ERR_CIMD_URL_NOT_CANONICAL'
  | 'ERR_CIMD_URL_TOO_LONG'
  // reaching the host (SSRF defences)
  | 'ERR_CIMD_DNS_FAILED'
  | 'ERR_CIMD_ADDRESS_BLOCKED'
  | 'ERR_CIMD_FETCH_FAILED'
  | 'ERR_CIMD_TIMEOUT'
  | 'ERR_CIMD_TOO_LARGE'
  | 'ERR_CIMD_REDIRECT'
  | 'ERR_CIMD_STATUS'
  // the document
  | 'ERR_CIMD_CONTENT_TYPE'
  | 'ERR_CIMD_JSON'
  | 'ERR_CIMD_CLIENT_ID_MISMATCH'
  | 'ERR_CIMD_SECRET_PRESENT'
  | 'ERR_CIMD_AUTH_METHOD'
  | 'ERR_CIMD_FIELD_MISSING'
  | 'ERR_CIMD_METADATA_INVALID'
  // a client's jwks_uri document
  | 'ERR_CIMD_JWKS_INVALID';

/** Failures whose details describe the network the server sits in: never sent to the client. */
const NETWORK: ReadonlySet<MetadataDocumentErrorCode> = new Set([
  'ERR_CIMD_DNS_FAILED',
  'ERR_CIMD_ADDRESS_BLOCKED',
  'ERR_CIMD_FETCH_FAILED',
  'ERR_CIMD_TIMEOUT',
]);

/**
 * A document a client publishes could not be used: a Client ID Metadata Document, or the JWK Set at a
 * client's `jwks_uri` (see `fetchClientJwks`). The URL is not acceptable, the host could not be
 * reached safely (a blocked address, a redirect, a timeout, an oversized body), or the document is
 * invalid. The OAuth error is `invalid_client` (status 400: no client authentication was attempted).
 * For network failures the client-facing `description` is generic, so an attacker cannot map the
 * server's network through error messages; `message` keeps the details for logs.
 *
 * @example
 * ```ts
 * import { MetadataDocumentError } from '@gatehouse/registration';
 *
 * try {
 *   await resolve(clientId);
 * } catch (error) {
 *   if (MetadataDocumentError.isInstance(error) && error.code === 'ERR_CIMD_ADDRESS_BLOCKED') {
 *     // log error.message; show the user an error page (never redirect)
 *   }
 * }
 * ```
 */
export class MetadataDocumentError extends GatehouseError {
  declare readonly code: MetadataDocumentErrorCode;

  /**
   * `options.subject` names the document in the client-facing description: default
   * `client metadata document`; `client jwks_uri` for key sets.
   */
  constructor(
    code: MetadataDocumentErrorCode,
    message: string,
    options: { cause?: unknown; subject?: string | undefined } = {},
  ) {
    const { subject = 'client metadata document', ...rest } = options;
    super(code, message, {
      ...rest,
      oauthError: 'invalid_client',
      status: 400,
      description: NETWORK.has(code)
        ? `the ${subject} could not be retrieved`
        : `${subject}: ${message}`,
    });
    this.name = 'MetadataDocumentError';
  }

  /**
   * Whether `value` is a metadata document error (from any copy of this package).
   *
   * @example
   * ```ts
   * import { MetadataDocumentError } from '@gatehouse/registration';
   * MetadataDocumentError.isInstance(new Error('x')); // false
   * ```
   */
  static override isInstance(value: unknown): value is MetadataDocumentError {
    return GatehouseError.isInstance(value) && value.code.startsWith('ERR_CIMD_');
  }
}
