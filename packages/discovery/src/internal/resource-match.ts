import { isSameResource } from '../canonical-resource-uri.js';

/**
 * The `resource` the PRM document must carry: its own, when it is the same resource as the server
 * URL (canonical comparison) or, with `allowResourcePrefix`, a same-origin path prefix of it; else the
 * server URL, which then fails the exact match.
 */
export function expectedResource(json: unknown, serverUrl: string, allowPrefix: boolean): string {
  const resource =
    typeof json === 'object' && json !== null
      ? (json as { resource?: unknown }).resource
      : undefined;
  if (typeof resource !== 'string') return serverUrl;
  if (isSameResource(resource, serverUrl)) return resource;
  if (allowPrefix && isPathPrefix(resource, serverUrl)) return resource;
  return serverUrl;
}

function isPathPrefix(resource: string, serverUrl: string): boolean {
  let prefix: URL;
  try {
    prefix = new URL(resource);
  } catch {
    return false;
  }
  const target = new URL(serverUrl);
  if (prefix.origin !== target.origin || prefix.search !== '' || prefix.hash !== '') return false;
  const base = prefix.pathname.endsWith('/') ? prefix.pathname : `${prefix.pathname}/`;
  return target.pathname === prefix.pathname || target.pathname.startsWith(base);
}
