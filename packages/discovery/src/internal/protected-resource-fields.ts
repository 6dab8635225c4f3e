import type { ProtectedResourceMetadataFields } from '../protected-resource-metadata-fields.js';
import type { FieldKind } from './fields.js';

/** How each registered field is typed. */
export const PROTECTED_RESOURCE_FIELDS: Readonly<
  Record<keyof ProtectedResourceMetadataFields, FieldKind>
> = Object.freeze({
  resource: 'url',
  authorization_servers: 'issuers',
  jwks_uri: 'url',
  scopes_supported: 'strings',
  bearer_methods_supported: 'strings',
  resource_signing_alg_values_supported: 'strings',
  resource_name: 'string',
  resource_documentation: 'url',
  resource_policy_uri: 'url',
  resource_tos_uri: 'url',
  tls_client_certificate_bound_access_tokens: 'boolean',
  authorization_details_types_supported: 'strings',
  dpop_signing_alg_values_supported: 'strings',
  dpop_bound_access_tokens_required: 'boolean',
  signed_metadata: 'string',
});
