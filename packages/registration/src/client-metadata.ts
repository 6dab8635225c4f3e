import type { PublicJwk, PublicJwks } from './internal/jwks.js';
import type { GrantType, TokenEndpointAuthMethod } from './policy.js';
import type { ApplicationType } from './redirect-uri.js';

export type { PublicJwk, PublicJwks };

/**
 * Client metadata after {@link validateClientMetadata}: every RFC 7591 default applied, every value
 * checked. Fields Gatehouse does not understand (RFC 7591 section 2: ignored) are not carried over.
 */
export interface ClientMetadata {
  redirect_uris: string[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  grant_types: GrantType[];
  response_types: 'code'[];
  application_type: ApplicationType;
  client_name?: string;
  client_uri?: string;
  logo_uri?: string;
  tos_uri?: string;
  policy_uri?: string;
  scope?: string;
  contacts?: string[];
  /**
   * Client-chosen https URL. Checked only for its form here: fetch it (for `private_key_jwt`) the way
   * metadata documents are fetched, DNS resolved, every address checked with `isPublicAddress`, pinned,
   * size-capped and without redirects, never with a plain `fetch`.
   */
  jwks_uri?: string;
  jwks?: PublicJwks;
  software_id?: string;
  software_version?: string;
}
