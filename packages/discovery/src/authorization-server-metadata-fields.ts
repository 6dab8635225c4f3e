/**
 * The registered fields of RFC 8414 OAuth 2.0 Authorization Server Metadata: section 2 and the IANA
 * registry (RFC 8628, 8705, 9101, 9126, 9207, 9396, 9449, 9701, 9728, JARM, CIBA, the OAuth Client ID
 * Metadata Document draft, and the OpenID Connect Discovery fields an OIDC document carries).
 * Human-readable fields may also appear language-tagged (`service_documentation#de`).
 *
 * @example
 * ```ts
 * import type { AuthorizationServerMetadataFields } from '@gatehouse/discovery';
 *
 * const fields: AuthorizationServerMetadataFields = {
 *   issuer: 'https://auth.example.com',
 *   response_types_supported: ['code'],
 * };
 * ```
 */
export interface AuthorizationServerMetadataFields {
  // RFC 8414 section 2
  /** The issuer identifier: https, no query, no fragment. REQUIRED. */
  readonly issuer: string;
  readonly authorization_endpoint?: string;
  readonly token_endpoint?: string;
  readonly jwks_uri?: string;
  readonly registration_endpoint?: string;
  readonly scopes_supported?: readonly string[];
  /** REQUIRED by RFC 8414; MCP needs `code`. */
  readonly response_types_supported?: readonly string[];
  readonly response_modes_supported?: readonly string[];
  readonly grant_types_supported?: readonly string[];
  /** List `none` explicitly for public clients: the RFC default is `client_secret_basic`. */
  readonly token_endpoint_auth_methods_supported?: readonly string[];
  readonly token_endpoint_auth_signing_alg_values_supported?: readonly string[];
  readonly service_documentation?: string;
  readonly ui_locales_supported?: readonly string[];
  readonly op_policy_uri?: string;
  readonly op_tos_uri?: string;
  readonly revocation_endpoint?: string;
  readonly revocation_endpoint_auth_methods_supported?: readonly string[];
  readonly revocation_endpoint_auth_signing_alg_values_supported?: readonly string[];
  readonly introspection_endpoint?: string;
  readonly introspection_endpoint_auth_methods_supported?: readonly string[];
  readonly introspection_endpoint_auth_signing_alg_values_supported?: readonly string[];
  /** MCP clients refuse an authorization server without `S256` here. */
  readonly code_challenge_methods_supported?: readonly string[];
  readonly signed_metadata?: string;
  // RFC 8628
  readonly device_authorization_endpoint?: string;
  // RFC 8705
  readonly tls_client_certificate_bound_access_tokens?: boolean;
  readonly mtls_endpoint_aliases?: Readonly<Record<string, string>>;
  // RFC 9101 and OpenID Connect request objects
  readonly require_signed_request_object?: boolean;
  readonly request_parameter_supported?: boolean;
  readonly request_uri_parameter_supported?: boolean;
  readonly require_request_uri_registration?: boolean;
  readonly request_object_signing_alg_values_supported?: readonly string[];
  readonly request_object_encryption_alg_values_supported?: readonly string[];
  readonly request_object_encryption_enc_values_supported?: readonly string[];
  // RFC 9126
  readonly pushed_authorization_request_endpoint?: string;
  readonly require_pushed_authorization_requests?: boolean;
  // RFC 9207
  readonly authorization_response_iss_parameter_supported?: boolean;
  // RFC 9396
  readonly authorization_details_types_supported?: readonly string[];
  // RFC 9449
  readonly dpop_signing_alg_values_supported?: readonly string[];
  // RFC 9701
  readonly introspection_signing_alg_values_supported?: readonly string[];
  readonly introspection_encryption_alg_values_supported?: readonly string[];
  readonly introspection_encryption_enc_values_supported?: readonly string[];
  // RFC 9728 section 4
  readonly protected_resources?: readonly string[];
  // JARM
  readonly authorization_signing_alg_values_supported?: readonly string[];
  readonly authorization_encryption_alg_values_supported?: readonly string[];
  readonly authorization_encryption_enc_values_supported?: readonly string[];
  // OpenID Connect CIBA
  readonly backchannel_authentication_endpoint?: string;
  readonly backchannel_token_delivery_modes_supported?: readonly string[];
  readonly backchannel_authentication_request_signing_alg_values_supported?: readonly string[];
  readonly backchannel_user_code_parameter_supported?: boolean;
  // OAuth Client ID Metadata Document
  readonly client_id_metadata_document_supported?: boolean;
  // OpenID Connect Discovery 1.0 and Session Management / Logout
  readonly userinfo_endpoint?: string;
  readonly end_session_endpoint?: string;
  readonly check_session_iframe?: string;
  readonly acr_values_supported?: readonly string[];
  readonly subject_types_supported?: readonly string[];
  readonly id_token_signing_alg_values_supported?: readonly string[];
  readonly id_token_encryption_alg_values_supported?: readonly string[];
  readonly id_token_encryption_enc_values_supported?: readonly string[];
  readonly userinfo_signing_alg_values_supported?: readonly string[];
  readonly userinfo_encryption_alg_values_supported?: readonly string[];
  readonly userinfo_encryption_enc_values_supported?: readonly string[];
  readonly display_values_supported?: readonly string[];
  readonly claim_types_supported?: readonly string[];
  readonly claims_supported?: readonly string[];
  readonly claims_locales_supported?: readonly string[];
  readonly claims_parameter_supported?: boolean;
  readonly prompt_values_supported?: readonly string[];
  readonly frontchannel_logout_supported?: boolean;
  readonly frontchannel_logout_session_supported?: boolean;
  readonly backchannel_logout_supported?: boolean;
  readonly backchannel_logout_session_supported?: boolean;
  /** Language-tagged human-readable values (RFC 8414 2.1), such as `op_tos_uri#de`. */
  readonly [
    languageTagged: `${'service_documentation' | 'op_policy_uri' | 'op_tos_uri'}#${string}`
  ]: string | undefined;
}

/**
 * An Authorization Server Metadata document: the registered fields, plus any extension fields (kept
 * as they came).
 *
 * @example
 * ```ts
 * import type { AuthorizationServerMetadata } from '@gatehouse/discovery';
 * declare const doc: AuthorizationServerMetadata;
 * doc.issuer; // string
 * ```
 */
export type AuthorizationServerMetadata = AuthorizationServerMetadataFields & {
  readonly [extension: string]: unknown;
};
