import { DiscoveryError } from './errors.js';
import { parseUrl } from './internal/parse-url.js';

const PRM_SUFFIX = '/.well-known/oauth-protected-resource';
const OAUTH_SUFFIX = '/.well-known/oauth-authorization-server';
const OIDC_SUFFIX = '/.well-known/openid-configuration';

/**
 * The URLs where the Protected Resource Metadata of `resource` may live, in the order MCP clients try
 * them (R2): the well-known path inserted between host and path (RFC 9728 3.1, query kept), then the
 * root form. A resource at the root has only the one URL.
 *
 * @example
 * ```ts
 * import { protectedResourceMetadataUrls } from '@gatehouse/discovery';
 *
 * protectedResourceMetadataUrls('https://h.example/public/mcp');
 * // ['https://h.example/.well-known/oauth-protected-resource/public/mcp',
 * //  'https://h.example/.well-known/oauth-protected-resource']
 * ```
 */
export function protectedResourceMetadataUrls(resource: string | URL): string[] {
  const url = toUrl(resource, 'resource');
  const path = trimTrailingSlash(url.pathname);
  const root = `${url.origin}${PRM_SUFFIX}`;
  if (path === '' && url.search === '') return [root];
  return [`${root}${path}${url.search}`, root];
}

/**
 * The URLs where the metadata of the authorization server `issuer` may live, in the order MCP
 * clients try them. An issuer with a path: RFC 8414 path-inserted, OpenID Connect path-inserted,
 * OpenID Connect path-appended. A root issuer: RFC 8414, then OpenID Connect.
 *
 * @example
 * ```ts
 * import { authorizationServerMetadataUrls } from '@gatehouse/discovery';
 *
 * authorizationServerMetadataUrls('https://auth.example.com/tenant1');
 * // ['https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
 * //  'https://auth.example.com/.well-known/openid-configuration/tenant1',
 * //  'https://auth.example.com/tenant1/.well-known/openid-configuration']
 * ```
 */
export function authorizationServerMetadataUrls(issuer: string | URL): string[] {
  const url = toUrl(issuer, 'issuer');
  const path = trimTrailingSlash(url.pathname);
  if (path === '') return [`${url.origin}${OAUTH_SUFFIX}`, `${url.origin}${OIDC_SUFFIX}`];
  return [
    `${url.origin}${OAUTH_SUFFIX}${path}`,
    `${url.origin}${OIDC_SUFFIX}${path}`,
    `${url.origin}${path}${OIDC_SUFFIX}`,
  ];
}

function toUrl(value: string | URL, field: string): URL {
  const url =
    value instanceof URL ? value : typeof value === 'string' ? parseUrl(value) : undefined;
  if (url === undefined || url.origin === 'null') {
    throw new DiscoveryError(
      'ERR_DISCOVERY_URL_INVALID',
      `${field} must be an absolute http(s) URL`,
      {
        field,
      },
    );
  }
  return url;
}

function trimTrailingSlash(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--;
  return path.slice(0, end);
}
