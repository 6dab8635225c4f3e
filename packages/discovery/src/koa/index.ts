export type { AuthorizationServerMetadataMiddlewareOptions } from './authorization-server-metadata.js';
export { authorizationServerMetadata } from './authorization-server-metadata.js';
export type { BearerChallengeResponse } from './bearer-challenge.js';
export { bearerChallenge } from './bearer-challenge.js';
export type { ProtectedResourceMetadataMiddlewareOptions } from './protected-resource-metadata.js';
export { protectedResourceMetadata } from './protected-resource-metadata.js';
