import type { AuthServerConfig, ResolvedClient } from '../../context.js';

/**
 * Whether an authorization error may send the browser to this client's redirect URI without the user
 * seeing it first: only for clients the administrator configured (`config.clients`). RFC 9700
 * section 4.11.2: the authorization server "SHOULD only automatically redirect the user agent if it
 * trusts the redirect URI". Anyone can register a client (RFC 7591) or publish a metadata document
 * (CIMD) with any https redirect URI, so an automatic error redirect for those clients would make
 * this server an open redirector to a link that looks like it stays here.
 */
export function trustsRedirectUri(
  config: Pick<AuthServerConfig, 'clients'>,
  client: ResolvedClient,
): boolean {
  return (
    client.kind === 'registered' &&
    config.clients.some((configured) => configured.clientId === client.clientId)
  );
}
