import { type GatehouseAuthInfo, toAuthInfo } from '@gatehouse/mcp';
import { RESOURCE } from './mcp-resource.js';

/** The claims a peer's verifier hands on (RFC 9068 names). */
export interface PeerClaims {
  sub?: unknown;
  client_id?: unknown;
  scope?: unknown;
  aud?: unknown;
  iss?: unknown;
  exp?: unknown;
  iat?: unknown;
  jti?: unknown;
}

/**
 * The `AuthInfo` the sample server's tools read (they name the caller from Gatehouse's fields), made
 * from the claims a peer verified: the small adapter a user of a peer would write to run the same
 * tools. Costs a few object copies, the same as `toAuthInfo` in Gatehouse's own dispatch.
 */
export function authInfoFromClaims(claims: PeerClaims, token: string): GatehouseAuthInfo {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const number = (value: unknown) => (typeof value === 'number' ? value : 0);
  return toAuthInfo(
    {
      subject: text(claims.sub),
      clientId: text(claims.client_id),
      scopes: text(claims.scope).split(' '),
      audience: Array.isArray(claims.aud) ? claims.aud.map(text) : [text(claims.aud)],
      issuer: text(claims.iss),
      expiresAt: number(claims.exp),
      issuedAt: number(claims.iat),
      jti: text(claims.jti),
      claims: claims as Record<string, unknown>,
    },
    token,
    RESOURCE,
  );
}
