export type { McpVerifier, McpVerifierOptions } from './create-mcp-verifier.js';
export { createMcpVerifier } from './create-mcp-verifier.js';
export type { GatehouseMcpErrorCode, GatehouseMcpErrorOptions } from './errors.js';
export { GatehouseMcpError } from './errors.js';
export type { ResolvedJwksUri, ResolveJwksUriOptions } from './resolve-jwks-uri.js';
export { resolveJwksUri } from './resolve-jwks-uri.js';
export type { GatehouseAuthExtra, GatehouseAuthInfo, ToAuthInfoOptions } from './to-auth-info.js';
export { gatehouseAuth, toAuthInfo } from './to-auth-info.js';
