import { gatehouseAuth } from '@gatehouse/mcp';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/** Who is calling, from the verified token the handler receives as `extra.authInfo`. */
export interface Caller {
  /** `sub` of the token. */
  readonly subject: string;
  /** `client_id` of the token. */
  readonly clientId: string;
  /** The granted scopes. */
  readonly scopes: readonly string[];
  /** The `tenant` claim, when it is a non-empty string. */
  readonly tenant: string | undefined;
}

/**
 * The caller of a request, read from `extra.authInfo` as `@gatehouse/mcp` fills it. Every request
 * that reaches a handler went through the bearer check and the scope guard, so an absent
 * `authInfo` is a setup mistake: it throws rather than serving an anonymous caller.
 */
export function callerOf(authInfo: AuthInfo | undefined): Caller {
  const auth = gatehouseAuth(authInfo);
  if (authInfo === undefined || auth === undefined) {
    throw new Error('no verified token on this request (is the server behind mcpResourceServer?)');
  }
  return {
    subject: auth.subject,
    clientId: authInfo.clientId,
    scopes: authInfo.scopes,
    tenant: tenantClaim(auth.claims),
  };
}

/** The `tenant` claim when it is a non-empty string; anything else counts as absent. */
export function tenantClaim(claims: Readonly<Record<string, unknown>>): string | undefined {
  const tenant = claims.tenant;
  return typeof tenant === 'string' && tenant !== '' ? tenant : undefined;
}

/** `alice (client mcp-inspector)`: how replies name the caller. */
export function describeCaller(caller: Caller): string {
  return `${caller.subject} (client ${caller.clientId})`;
}
