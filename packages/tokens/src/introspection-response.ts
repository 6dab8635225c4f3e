import type { VerifiedAccessToken } from './verified-access-token.js';

/** An RFC 7662 introspection response body. */
export type IntrospectionResponse =
  | { active: false }
  | ({
      active: true;
      scope?: string;
      client_id: string;
      sub: string;
      aud: string | string[];
      exp: number;
      iat?: number;
      jti?: string;
      iss?: string;
      token_type: 'Bearer';
    } & Record<string, unknown>);

/**
 * The RFC 7662 response body for a token, on the authorization server: `{ "active": false }` for
 * `null` (unknown, revoked or otherwise invalid) or an expired token, and otherwise the token's claims
 * with `active: true` and the normalized `scope`, `client_id`, `sub`, `aud`, `exp`, `iat`, `jti`,
 * `iss` and `token_type`. Send it with `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * import { introspectionResponse } from '@gatehouse/tokens';
 *
 * const token = await ownVerifier.verify(body.get('token')).catch(() => null);
 * ctx.set('Cache-Control', 'no-store');
 * ctx.body = introspectionResponse(token);
 * ```
 */
export function introspectionResponse(token: VerifiedAccessToken | null): IntrospectionResponse {
  if (token === null || token === undefined || token.expiresAt <= Date.now() / 1000) {
    return { active: false };
  }
  const response: Record<string, unknown> = {
    ...token.claims,
    active: true,
    client_id: token.clientId,
    sub: token.subject,
    aud: token.audience.length === 1 ? token.audience[0] : [...token.audience],
    exp: token.expiresAt,
    token_type: 'Bearer',
  };
  delete response.scope;
  if (token.scopes.length > 0) response.scope = token.scopes.join(' ');
  if (token.issuedAt !== undefined) response.iat = token.issuedAt;
  if (token.jti !== undefined) response.jti = token.jti;
  if (token.issuer !== undefined) response.iss = token.issuer;
  return response as IntrospectionResponse;
}
