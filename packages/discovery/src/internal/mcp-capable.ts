import type { AuthorizationServerMetadata } from '../authorization-server-metadata-fields.js';
import { DiscoveryError, type DiscoveryErrorCode } from '../errors.js';

/**
 * Throws unless an authorization server can serve an MCP client: `response_types_supported` lists
 * `code` and `code_challenge_methods_supported` lists `S256` (MCP clients MUST refuse otherwise).
 */
export function assertMcpCapable(doc: AuthorizationServerMetadata): void {
  if (!doc.response_types_supported?.includes('code')) {
    fail('ERR_DISCOVERY_RESPONSE_TYPE_CODE_MISSING', 'response_types_supported', 'must list code');
  }
  if (!doc.code_challenge_methods_supported?.includes('S256')) {
    fail('ERR_DISCOVERY_PKCE_S256_MISSING', 'code_challenge_methods_supported', 'must list S256');
  }
}

/** Throws a {@link DiscoveryError} about `field`. */
export function fail(code: DiscoveryErrorCode, field: string, reason: string): never {
  throw new DiscoveryError(code, `${field} ${reason}`, { field });
}
