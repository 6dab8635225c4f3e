export type { GatehouseErrorOptions } from './gatehouse-error.js';
export { GatehouseError } from './gatehouse-error.js';
export type { OAuthErrorCode } from './oauth-error-codes.js';
export { isOAuthErrorCode, OAuthErrorCodes, OAuthErrorStatus } from './oauth-error-codes.js';
export { resolveOptions } from './resolve-options.js';
export type { OAuthErrorBody, OAuthErrorResponse } from './to-oauth-error.js';
export { toOAuthErrorBody, toOAuthErrorResponse } from './to-oauth-error.js';
