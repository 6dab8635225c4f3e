import type { ScopeAbility } from '@gatehouse/scopes';
import type { VerifiedAccessToken } from '@gatehouse/tokens';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

const BRAND = Symbol.for('gatehouse.mcp.auth-info');

/** What Gatehouse puts in `AuthInfo.extra`, read back with {@link gatehouseAuth}. */
export interface GatehouseAuthExtra {
  /** `sub`: the resource owner (or the client itself, for a client-credentials token). */
  readonly subject: string;
  /** Every claim of the verified token (or introspection response), as received. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** `aud`, as a list. */
  readonly audience: readonly string[];
  /** `iss`, when the token has one. */
  readonly issuer?: string;
  /** `jti`, when the token has one. */
  readonly jti?: string;
  /** `iat`, when the token has one (seconds since the epoch). */
  readonly issuedAt?: number;
  /** The token's compiled scope ability, when the request went through the scope guard. */
  readonly ability?: ScopeAbility;
}

/** The SDK's `AuthInfo` as Gatehouse fills it: `resource` and `extra` always present. */
export interface GatehouseAuthInfo extends AuthInfo {
  readonly resource: URL;
  readonly extra: GatehouseAuthExtra & Record<string, unknown>;
}

/** Options of {@link toAuthInfo}. */
export interface ToAuthInfoOptions {
  /** The scope ability of the token, passed on to handlers as `extra.ability`. */
  ability?: ScopeAbility;
}

/**
 * Maps a verified access token to the MCP SDK's `AuthInfo`, the value request handlers receive as
 * `extra.authInfo`: `token` (the raw token, for the SDK only: never forward it upstream, MCP R11),
 * `clientId`, `scopes`, `expiresAt` (seconds since the epoch), `resource` (this server's canonical URI,
 * as a URL) and `extra` with `subject`, `claims`, `audience`, `issuer`, `jti`, `issuedAt` and, when
 * given, `ability`. The result and its `extra` are frozen; read `extra` typed with
 * {@link gatehouseAuth}.
 *
 * @example
 * ```ts
 * import { toAuthInfo } from '@gatehouse/mcp';
 *
 * const verified = await verifier.verify(token);
 * const authInfo = toAuthInfo(verified, token, 'https://mcp.example.com/mcp');
 * authInfo.clientId; // verified.clientId
 * authInfo.extra.subject; // verified.subject
 * ```
 */
export function toAuthInfo(
  verified: VerifiedAccessToken,
  token: string,
  resource: string | URL,
  options: ToAuthInfoOptions = {},
): GatehouseAuthInfo {
  if (typeof token !== 'string' || token === '') {
    throw new TypeError('toAuthInfo: token must be the presented access token');
  }
  if (typeof verified?.subject !== 'string' || !Array.isArray(verified.scopes)) {
    throw new TypeError('toAuthInfo: verified must be a verified access token');
  }
  const url = new URL(String(resource));
  const extra: GatehouseAuthExtra & Record<string, unknown> = {
    subject: verified.subject,
    claims: verified.claims,
    audience: Object.freeze([...verified.audience]),
    ...(verified.issuer === undefined ? {} : { issuer: verified.issuer }),
    ...(verified.jti === undefined ? {} : { jti: verified.jti }),
    ...(verified.issuedAt === undefined ? {} : { issuedAt: verified.issuedAt }),
    ...(options.ability === undefined ? {} : { ability: options.ability }),
  };
  Object.defineProperty(extra, BRAND, { value: true });
  return Object.freeze({
    token,
    clientId: verified.clientId,
    scopes: Object.freeze([...verified.scopes]) as string[],
    expiresAt: verified.expiresAt,
    resource: url,
    extra: Object.freeze(extra),
  });
}

/**
 * The Gatehouse fields of an `AuthInfo` made by {@link toAuthInfo} (typed), or `undefined` for any
 * other value (no auth, or an `AuthInfo` from elsewhere). Use it in SDK handlers on `extra.authInfo`.
 *
 * @example
 * ```ts
 * import { gatehouseAuth } from '@gatehouse/mcp';
 *
 * server.registerTool('whoami', { description: 'Who is calling' }, async (extra) => {
 *   const auth = gatehouseAuth(extra.authInfo);
 *   return { content: [{ type: 'text', text: auth?.subject ?? 'anonymous' }] };
 * });
 * ```
 */
export function gatehouseAuth(authInfo: AuthInfo | undefined): GatehouseAuthExtra | undefined {
  const extra = authInfo?.extra as (GatehouseAuthExtra & { [BRAND]?: unknown }) | undefined;
  return extra?.[BRAND] === true ? extra : undefined;
}
