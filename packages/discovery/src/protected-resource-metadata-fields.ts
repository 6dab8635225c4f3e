/**
 * The registered fields of RFC 9728 OAuth 2.0 Protected Resource Metadata (section 2 and the IANA
 * registry). Human-readable fields may also appear language-tagged (`resource_name#ja`).
 *
 * @example
 * ```ts
 * import type { ProtectedResourceMetadataFields } from '@gatehouse/discovery';
 *
 * const fields: ProtectedResourceMetadataFields = {
 *   resource: 'https://mcp.example.com/mcp',
 *   authorization_servers: ['https://auth.example.com'],
 * };
 * ```
 */
export interface ProtectedResourceMetadataFields {
  /** The protected resource's resource identifier: https, no fragment. REQUIRED. */
  readonly resource: string;
  /** Issuer identifiers of the authorization servers that can be used with this resource. */
  readonly authorization_servers?: readonly string[];
  /** URL of the resource's JWK Set (for signed responses). */
  readonly jwks_uri?: string;
  /** Scopes a client needs to start; MCP: the minimal set (more come by step-up). */
  readonly scopes_supported?: readonly string[];
  /** How the access token may be sent; Gatehouse only reads `header`. */
  readonly bearer_methods_supported?: readonly string[];
  /** JWS algorithms the resource uses to sign responses. */
  readonly resource_signing_alg_values_supported?: readonly string[];
  /** Human-readable name of the resource. */
  readonly resource_name?: string;
  /** URL of developer documentation. */
  readonly resource_documentation?: string;
  /** URL of the data-use policy. */
  readonly resource_policy_uri?: string;
  /** URL of the terms of service. */
  readonly resource_tos_uri?: string;
  /** RFC 8705: mutual-TLS certificate-bound access tokens. */
  readonly tls_client_certificate_bound_access_tokens?: boolean;
  /** RFC 9396 authorization details types. */
  readonly authorization_details_types_supported?: readonly string[];
  /** RFC 9449 DPoP proof algorithms. */
  readonly dpop_signing_alg_values_supported?: readonly string[];
  /** RFC 9449: whether DPoP-bound access tokens are always required. */
  readonly dpop_bound_access_tokens_required?: boolean;
  /** A JWT holding the metadata values as claims. */
  readonly signed_metadata?: string;
  /** Language-tagged human-readable values (RFC 9728 2.1), such as `resource_name#ja`. */
  readonly [
    languageTagged: `${
      | 'resource_name'
      | 'resource_documentation'
      | 'resource_policy_uri'
      | 'resource_tos_uri'}#${string}`
  ]: string | undefined;
}

/**
 * A Protected Resource Metadata document: the registered fields, plus any extension fields the
 * publisher added (kept as they came).
 *
 * @example
 * ```ts
 * import type { ProtectedResourceMetadata } from '@gatehouse/discovery';
 * declare const doc: ProtectedResourceMetadata;
 * doc.resource; // string
 * doc['x-vendor-field']; // unknown
 * ```
 */
export type ProtectedResourceMetadata = ProtectedResourceMetadataFields & {
  readonly [extension: string]: unknown;
};
