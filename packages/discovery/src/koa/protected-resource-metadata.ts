import { resolveOptions } from '@gatehouse/errors';
import type { Middleware } from 'koa';
import { type ProtectedResourceMetadata, protectedResourceMetadataUrls } from '../index.js';
import { checkDefined, checkMaxAge, serveDocument } from './serve-document.js';

/**
 * Options of {@link protectedResourceMetadata}.
 */
export interface ProtectedResourceMetadataMiddlewareOptions {
  /** `Cache-Control: public, max-age=…`, in seconds. Default 3600. */
  maxAgeSeconds?: number;
}

/**
 * Koa middleware serving RFC 9728 Protected Resource Metadata (MCP R2) at both well-known URLs of its
 * resource: the path-inserted one (`/.well-known/oauth-protected-resource/public/mcp` for
 * `https://h/public/mcp`) and the root one. GET and HEAD, `application/json`, cacheable, CORS-readable
 * (`Access-Control-Allow-Origin: *`, preflight answered); 405 for other methods.
 *
 * Pass the document returned by `defineProtectedResourceMetadata`, which has been validated.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { defineProtectedResourceMetadata } from '@gatehouse/discovery';
 * import { protectedResourceMetadata } from '@gatehouse/discovery/koa';
 *
 * const app = new Koa();
 * app.use(
 *   protectedResourceMetadata(
 *     defineProtectedResourceMetadata({
 *       resource: 'https://mcp.example.com/mcp',
 *       authorization_servers: ['https://auth.example.com'],
 *       scopes_supported: ['mcp:tools'],
 *     }),
 *   ),
 * );
 * ```
 */
export function protectedResourceMetadata(
  document: ProtectedResourceMetadata,
  options?: ProtectedResourceMetadataMiddlewareOptions,
): Middleware {
  const name = 'protectedResourceMetadata';
  checkDefined(name, document, 'defineProtectedResourceMetadata');
  const { maxAgeSeconds = 3600 } = resolveOptions<ProtectedResourceMetadataMiddlewareOptions>(
    name,
    options,
    { defaults: { maxAgeSeconds: 3600 } },
  );
  const paths = protectedResourceMetadataUrls(document.resource).map(
    (url) => new URL(url).pathname,
  );
  return serveDocument(document, paths, checkMaxAge(name, maxAgeSeconds));
}
