import type { ClientMetadata } from './client-metadata.js';
import { RegistrationError } from './errors.js';
import {
  field,
  type Input,
  optionalHttpsUri,
  optionalString,
  optionalStringArray,
} from './internal/fields.js';
import { validateJwks } from './internal/jwks.js';
import {
  readAuthMethod,
  readGrantTypes,
  readRedirectUris,
  readResponseTypes,
  readScope,
  resolveApplicationType,
} from './internal/metadata-readers.js';
import { type RegistrationPolicy, requirePolicy } from './policy.js';

const URI_FIELDS = ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'jwks_uri'] as const;
const TEXT_FIELDS = ['client_name', 'software_id', 'software_version'] as const;

/**
 * Validates RFC 7591 client metadata against a policy and applies the defaults: `grant_types`
 * `["authorization_code"]`, `response_types` `["code"]` (none without `authorization_code`),
 * `token_endpoint_auth_method` `client_secret_basic`, and `application_type` (OpenID Connect)
 * inferred from the redirect URIs unless the policy says otherwise. Unknown fields are dropped.
 *
 * Throws a {@link RegistrationError}: `invalid_redirect_uri` for a refused redirect URI (see
 * {@link validateRedirectUri}), else `invalid_client_metadata` with a precise description: wrong types,
 * oversized or too many values, non-https URIs, an auth method, grant or response type outside the
 * policy, inconsistent grant and response types, a scope outside `allowedScopes`, a bad `jwks`.
 *
 * @example
 * ```ts
 * import { createRegistrationPolicy, validateClientMetadata } from '@gatehouse/registration';
 *
 * const policy = createRegistrationPolicy({ allowedScopes: ['mcp:tools:*'] });
 * const metadata = validateClientMetadata(
 *   { redirect_uris: ['http://127.0.0.1:33418/callback'], token_endpoint_auth_method: 'none', scope: 'mcp:tools:read' },
 *   policy,
 * );
 * metadata.application_type; // 'native' (inferred from the loopback redirect)
 * metadata.grant_types; // ['authorization_code']
 * ```
 */
export function validateClientMetadata(input: unknown, policy: RegistrationPolicy): ClientMetadata {
  const rules = requirePolicy('validateClientMetadata', policy);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RegistrationError(
      'ERR_REGISTRATION_METADATA_TYPE',
      'client metadata must be a JSON object',
    );
  }
  const body = input as Input;
  const authMethod = readAuthMethod(body, rules);
  const grantTypes = readGrantTypes(body, rules);
  const responseTypes = readResponseTypes(body, grantTypes);
  const redirects = readRedirectUris(body, rules);
  const applicationType = resolveApplicationType(body, rules, redirects);
  const redirectUris = redirects.map((redirect) => redirect.uri);
  if (grantTypes.includes('authorization_code') && redirectUris.length === 0) {
    throw new RegistrationError(
      'ERR_REGISTRATION_REDIRECT_URI_MISSING',
      'redirect_uris is required for the authorization_code grant',
    );
  }
  if (grantTypes.includes('client_credentials') && authMethod === 'none') {
    throw new RegistrationError(
      'ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH',
      'client_credentials requires a client that authenticates (not token_endpoint_auth_method none)',
    );
  }
  const metadata: ClientMetadata = {
    redirect_uris: redirectUris,
    token_endpoint_auth_method: authMethod,
    grant_types: grantTypes,
    response_types: responseTypes,
    application_type: applicationType,
  };
  for (const name of TEXT_FIELDS) {
    const value = optionalString(body, name, rules.maxStringLength);
    if (value !== undefined) metadata[name] = value;
  }
  for (const name of URI_FIELDS) {
    const value = optionalHttpsUri(body, name, rules.maxUriLength);
    if (value !== undefined) metadata[name] = value;
  }
  const contacts = optionalStringArray(body, 'contacts', rules.maxContacts, rules.maxStringLength);
  if (contacts !== undefined) metadata.contacts = contacts;
  const scope = readScope(body, rules);
  if (scope !== undefined) metadata.scope = scope;
  const jwks = field(body, 'jwks');
  if (jwks !== undefined) {
    if (metadata.jwks_uri !== undefined) {
      throw new RegistrationError(
        'ERR_REGISTRATION_JWKS_CONFLICT',
        'jwks and jwks_uri are mutually exclusive',
      );
    }
    metadata.jwks = validateJwks(jwks, rules.maxJwksKeys);
  }
  if (
    authMethod === 'private_key_jwt' &&
    metadata.jwks === undefined &&
    metadata.jwks_uri === undefined
  ) {
    throw new RegistrationError(
      'ERR_REGISTRATION_JWKS_MISSING',
      'private_key_jwt requires jwks or jwks_uri',
    );
  }
  return metadata;
}
