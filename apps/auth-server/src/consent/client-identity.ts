import { classifyAddress } from '@gatehouse/registration';
import type { ResolvedClient } from '../context.js';
import { ipLiteral, isLoopbackHostname } from './loopback-host.js';

/**
 * Whether the authorization server can be sure who the client is, so that a remembered consent may
 * skip the consent page (RFC 8252 section 8.6: no automatic processing "except when the identity of
 * the client can be assured"):
 * - a confidential client: it authenticates at the token endpoint (`token_endpoint_auth_method` is
 *   not `none`), so a code sent to anyone else is useless;
 * - a metadata-document (CIMD) client whose redirect URIs are all `https` on a host that is neither
 *   this device (`isLoopbackHostname`) nor a private or special-use address literal: the code can
 *   only reach that origin.
 *
 * Public DCR clients are not assured: registration is anonymous and identical metadata shares one
 * client id, and loopback redirect URIs match on any port, so another local app could act as them.
 * Neither are CIMD clients with loopback or private-use (custom scheme) redirect URIs.
 */
export function clientIdentityAssured(client: ResolvedClient): boolean {
  if (client.metadata.token_endpoint_auth_method !== 'none') return true;
  if (client.kind !== 'metadata-document') return false;
  const uris = client.metadata.redirect_uris;
  return uris.length > 0 && uris.every(isRemoteHttps);
}

function isRemoteHttps(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || isLoopbackHostname(url.hostname)) return false;
  // An address literal must be public: a private one is whichever machine holds it on the user's network.
  const address = ipLiteral(url.hostname);
  return address === undefined || classifyAddress(address) === 'public';
}
