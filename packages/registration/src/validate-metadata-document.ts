import { MetadataDocumentError } from './cimd-errors.js';
import type { ClientMetadata } from './client-metadata.js';
import { RegistrationError } from './errors.js';
import type { RegistrationPolicy } from './policy.js';
import { validateClientMetadata } from './validate-client-metadata.js';

/** Methods that rest on a shared secret, which a public document cannot hold. */
const SYMMETRIC_METHODS: ReadonlySet<unknown> = new Set([
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
]);
const LOOPBACK_REDIRECT = /^http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost)(?:[:/?]|$)/;

/** The outcome of {@link validateMetadataDocument}. */
export interface ValidatedMetadataDocument {
  metadata: ClientMetadata;
  warnings: string[];
}

/**
 * Validates a fetched Client ID Metadata Document (parsed JSON) for `clientId`, the URL it came from:
 * `client_id` equal to the URL as a string; `client_name` and `redirect_uris` present; no
 * `client_secret` or `client_secret_expires_at`; no shared-secret authentication method (absent means
 * `none`); `private_key_jwt` only with the document's own `jwks` or `jwks_uri`; and every other field
 * as in {@link validateClientMetadata}. Pure: no network. Throws a {@link MetadataDocumentError}.
 *
 * @example
 * ```ts
 * import { validateMetadataDocument } from '@gatehouse/registration';
 *
 * const { metadata, warnings } = validateMetadataDocument(json, 'https://app.example/client.json', policy);
 * ```
 */
export function validateMetadataDocument(
  document: unknown,
  clientId: string,
  policy: RegistrationPolicy,
): ValidatedMetadataDocument {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new MetadataDocumentError('ERR_CIMD_JSON', 'the document must be a JSON object');
  }
  const fields = document as Record<string, unknown>;
  const own = (name: string): unknown => (Object.hasOwn(fields, name) ? fields[name] : undefined);
  if (own('client_id') !== clientId) {
    throw new MetadataDocumentError(
      'ERR_CIMD_CLIENT_ID_MISMATCH',
      'client_id in the document differs from the URL it was fetched from',
    );
  }
  if (own('client_secret') !== undefined || own('client_secret_expires_at') !== undefined) {
    throw new MetadataDocumentError(
      'ERR_CIMD_SECRET_PRESENT',
      'the document must not contain a client secret',
    );
  }
  const method = own('token_endpoint_auth_method') ?? 'none';
  if (SYMMETRIC_METHODS.has(method)) {
    throw new MetadataDocumentError(
      'ERR_CIMD_AUTH_METHOD',
      'token_endpoint_auth_method must be none or private_key_jwt',
    );
  }
  for (const name of ['client_name', 'redirect_uris']) {
    if (own(name) === undefined) {
      throw new MetadataDocumentError('ERR_CIMD_FIELD_MISSING', `${name} is required`);
    }
  }
  let metadata: ClientMetadata;
  try {
    metadata = validateClientMetadata({ ...fields, token_endpoint_auth_method: method }, policy);
  } catch (cause) {
    if (!RegistrationError.isInstance(cause)) throw cause;
    throw new MetadataDocumentError(
      'ERR_CIMD_METADATA_INVALID',
      cause.description ?? cause.message,
      {
        cause,
      },
    );
  }
  const warnings: string[] = [];
  if (metadata.redirect_uris.every((uri) => LOOPBACK_REDIRECT.test(uri))) {
    warnings.push('redirect_uris_loopback_only');
  }
  return { metadata, warnings };
}
