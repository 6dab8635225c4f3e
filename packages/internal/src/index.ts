export { base64url, isCanonicalBase64url } from './base64url.js';
export type { CharCodes } from './constant-time-equal.js';
export { constantTimeEqual } from './constant-time-equal.js';
export { MAX_DESCRIPTION_LENGTH, toDescriptionCharset } from './description-charset.js';
export { jsonRpcRequestId } from './json-rpc-id.js';
export { isLoopbackHost } from './loopback-host.js';
export type { BodySource, CappedBody } from './read-capped.js';
export { decodeUtf8Strict, readCapped } from './read-capped.js';
export {
  type RequestContext,
  type RequestStream,
  readContextBody,
  readRequestBody,
} from './read-request-body.js';
export { sha256, sha256Block, sha256Hex, sha256Key, toHex } from './sha256.js';
