/**
 * A verified access token, normalized: what a resource server needs to authorize a request, the same
 * for a JWT (RFC 9068) and an introspected opaque token (RFC 7662). Times are seconds since the epoch.
 * Returned deeply frozen (arrays and claims included): a cached result is shared between requests.
 */
export interface VerifiedAccessToken {
  /** `sub`: the resource owner, or the client itself for a client-credentials token. */
  readonly subject: string;
  /** `client_id` (or `azp` when `client_id` is absent). */
  readonly clientId: string;
  /** `scope`, split on spaces (RFC 6749 section 3.3); empty when the token has no scope. */
  readonly scopes: string[];
  /** `aud`, always as a list. */
  readonly audience: string[];
  /** `exp`. */
  readonly expiresAt: number;
  /** `iat`, when present. */
  readonly issuedAt?: number;
  /** `jti`, when present. */
  readonly jti?: string;
  /** `iss`, when present. */
  readonly issuer?: string;
  /** Every claim of the token (or of the introspection response), as received. */
  readonly claims: Record<string, unknown>;
}

/**
 * What every token verifier does: resolve with the normalized token or reject with a `TokenError`.
 * A resource server can take any implementation (JWT, introspection, or a composition of both).
 *
 * @example
 * ```ts
 * import type { AccessTokenVerifier } from '@gatehouse/tokens';
 *
 * const verifier: AccessTokenVerifier = token.split('.').length === 3 ? jwtVerifier : introspection;
 * const auth = await verifier.verify(token);
 * ```
 */
export interface AccessTokenVerifier {
  verify(token: string): Promise<VerifiedAccessToken>;
}
