export type { AddressRange } from './address-policy.js';
export { classifyAddress, isPublicAddress } from './address-policy.js';
export type { MetadataDocumentErrorCode } from './cimd-errors.js';
export { MetadataDocumentError } from './cimd-errors.js';
export { isClientIdMetadataDocumentUrl, parseClientIdUrl } from './client-id-url.js';
export type { ClientJwksFetcher, ClientJwksFetchOptions } from './client-jwks.js';
export {
  createClientJwksFetcher,
  fetchClientJwks,
  MAX_CLIENT_JWKS_BYTES,
} from './client-jwks.js';
export type { ClientMetadata, PublicJwk, PublicJwks } from './client-metadata.js';
export { generateClientSecret, hashClientSecret, verifyClientSecret } from './client-secret.js';
export type { ClientCreateResult, ClientRecord, ClientStore } from './client-store.js';
export { isClientActive } from './client-store.js';
export type { RegistrationErrorCode } from './errors.js';
export { RegistrationError } from './errors.js';
export { matchRedirectUri } from './match-redirect-uri.js';
export { createMemoryClientStore } from './memory-client-store.js';
export type { MetadataDocumentCache, ResolvedMetadataDocument } from './metadata-document-cache.js';
export { createMemoryMetadataDocumentCache } from './metadata-document-cache.js';
export type {
  PinnedFetch,
  PinnedFetchRequest,
  PinnedFetchResponse,
  ResolveHost,
} from './pinned-fetch.js';
export type {
  GrantType,
  RegistrationPolicy,
  RegistrationPolicyOptions,
  TokenEndpointAuthMethod,
} from './policy.js';
export { createRegistrationPolicy, isRegistrationPolicy } from './policy.js';
export type { ApplicationType, RedirectUriKind, RedirectUriOptions } from './redirect-uri.js';
export { validateRedirectUri } from './redirect-uri.js';
export type { RegisterClientOptions, RegistrationResponse } from './register-client.js';
export { registerClient } from './register-client.js';
export type {
  MetadataDocumentResolver,
  ResolveMetadataDocumentOptions,
} from './resolve-metadata-document.js';
export {
  createMetadataDocumentResolver,
  MAX_METADATA_DOCUMENT_BYTES,
  resolveClientIdMetadataDocument,
} from './resolve-metadata-document.js';
export { validateClientMetadata } from './validate-client-metadata.js';
export type { ValidatedMetadataDocument } from './validate-metadata-document.js';
export { validateMetadataDocument } from './validate-metadata-document.js';
