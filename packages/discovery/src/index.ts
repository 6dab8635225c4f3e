export type {
  DefineAuthorizationServerMetadataOptions,
  ParseAuthorizationServerMetadataOptions,
} from './authorization-server-metadata.js';
export {
  defineAuthorizationServerMetadata,
  parseAuthorizationServerMetadata,
} from './authorization-server-metadata.js';
export type {
  AuthorizationServerMetadata,
  AuthorizationServerMetadataFields,
} from './authorization-server-metadata-fields.js';
export { canonicalResourceUri, isSameResource } from './canonical-resource-uri.js';
export type { DiscoverOptions, DiscoveryResult, UrlGuard } from './discover.js';
export { discover } from './discover.js';
export type { CachedDocument, DiscoveryCache, DiscoveryCacheOptions } from './discovery-cache.js';
export { createDiscoveryCache } from './discovery-cache.js';
export type { DiscoveryErrorCode } from './errors.js';
export { DiscoveryError } from './errors.js';
export type { BearerChallengeParams } from './format-bearer-challenge.js';
export { formatBearerChallenge } from './format-bearer-challenge.js';
export type { BearerChallenge } from './parse-bearer-challenge.js';
export { parseBearerChallenge } from './parse-bearer-challenge.js';
export type { AuthChallenge } from './parse-www-authenticate.js';
export { parseWwwAuthenticate } from './parse-www-authenticate.js';
export type {
  DefineProtectedResourceMetadataOptions,
  ParseProtectedResourceMetadataOptions,
} from './protected-resource-metadata.js';
export {
  defineProtectedResourceMetadata,
  parseProtectedResourceMetadata,
} from './protected-resource-metadata.js';
export type {
  ProtectedResourceMetadata,
  ProtectedResourceMetadataFields,
} from './protected-resource-metadata-fields.js';
export {
  authorizationServerMetadataUrls,
  protectedResourceMetadataUrls,
} from './well-known-urls.js';
