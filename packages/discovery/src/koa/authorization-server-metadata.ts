import { resolveOptions } from '@gatehouse/errors';
import type { Middleware } from 'koa';
import { type AuthorizationServerMetadata, authorizationServerMetadataUrls } from '../index.js';
import { checkDefined, checkMaxAge, serveDocument } from './serve-document.js';

/**
 * Options of {@link authorizationServerMetadata}.
 */
export interface AuthorizationServerMetadataMiddlewareOptions {
  /** `Cache-Control: public, max-age=…`, in seconds. Default 3600. */
  maxAgeSeconds?: number;
}

/**
 * Koa middleware serving RFC 8414 Authorization Server Metadata (MCP A1) at the well-known path of its
 * issuer: `/.well-known/oauth-authorization-server` for a root issuer, path-inserted for an issuer
 * with a path (`/.well-known/oauth-authorization-server/tenant1`). GET and HEAD, `application/json`,
 * cacheable, CORS-readable; 405 for other methods. The OpenID Connect paths are not served: this is
 * not an OpenID Provider document.
 *
 * Pass the document returned by `defineAuthorizationServerMetadata`, which has been validated.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { defineAuthorizationServerMetadata } from '@gatehouse/discovery';
 * import { authorizationServerMetadata } from '@gatehouse/discovery/koa';
 *
 * const app = new Koa();
 * app.use(authorizationServerMetadata(defineAuthorizationServerMetadata({
 *   issuer: 'https://auth.example.com',
 *   authorization_endpoint: 'https://auth.example.com/authorize',
 *   token_endpoint: 'https://auth.example.com/token',
 *   response_types_supported: ['code'],
 *   code_challenge_methods_supported: ['S256'],
 * })));
 * ```
 */
export function authorizationServerMetadata(
  document: AuthorizationServerMetadata,
  options?: AuthorizationServerMetadataMiddlewareOptions,
): Middleware {
  const name = 'authorizationServerMetadata';
  checkDefined(name, document, 'defineAuthorizationServerMetadata');
  const { maxAgeSeconds = 3600 } = resolveOptions<AuthorizationServerMetadataMiddlewareOptions>(
    name,
    options,
    { defaults: { maxAgeSeconds: 3600 } },
  );
  const [oauthUrl] = authorizationServerMetadataUrls(document.issuer);
  const paths = oauthUrl === undefined ? [] : [new URL(oauthUrl).pathname];
  return serveDocument(document, paths, checkMaxAge(name, maxAgeSeconds));
}
