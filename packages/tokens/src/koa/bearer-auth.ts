import { formatBearerChallenge } from '@gatehouse/discovery';
import { GatehouseError, resolveOptions, toOAuthErrorBody } from '@gatehouse/errors';
import type { Context, Middleware } from 'koa';
import { parseAuthorization } from '../internal/parse-authorization.js';
import type { AccessTokenVerifier, VerifiedAccessToken } from '../verified-access-token.js';

/** Options of {@link bearerAuth}. */
export interface BearerAuthOptions {
  /** Any verifier: JWT, introspection, or your own. */
  verifier: AccessTokenVerifier;
  /** The URL of this resource's RFC 9728 metadata, sent as `resource_metadata` in every challenge. */
  resourceMetadataUrl: string;
  /**
   * The scopes a client needs to start, sent as `scope` in the challenges. Advertised only, not
   * enforced: check scopes after `bearerAuth` (`requireScope` or `mcpGuard` from
   * `@gatehouse/scopes/koa`).
   */
  scope?: string | readonly string[];
}

/** What {@link bearerAuth} adds to `ctx.state`. */
export interface BearerAuthState {
  auth: VerifiedAccessToken;
}

/**
 * Koa middleware that authenticates a request by its Bearer token (RFC 6750, MCP authorization) and
 * sets `ctx.state.auth` to the verified token. The token is read only from the `Authorization` header:
 * - no token (or another scheme): 401, `WWW-Authenticate: Bearer resource_metadata="…", scope="…"`
 *   without an `error` (MCP R4);
 * - a token in the query string or a parsed body, two `Authorization` headers, or a malformed header:
 *   400 `invalid_request` (R7, R8);
 * - a token the verifier rejects (a `TokenError` rejection, or any exposed Gatehouse error with
 *   `invalid_token`): 401 `invalid_token` with the rejection's description (R5);
 * - a verifier failure (key source down, a bug): 500 `server_error` with no detail, and the error is
 *   emitted on the app for logging. Bad tokens are never reported as 500s, nor failures as 401s.
 * Errors thrown further down the chain pass through untouched. It does not check the token's scopes
 * (`scope` is only advertised in the challenges): put a scope check after it.
 *
 * @example
 * ```ts
 * import { bearerAuth } from '@gatehouse/tokens/koa';
 *
 * router.post('/mcp', bearerAuth({
 *   verifier,
 *   resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
 *   scope: 'mcp:tools',
 * }), handleMcp);
 * ```
 */
export function bearerAuth(options: BearerAuthOptions): Middleware<BearerAuthState> {
  const name = 'bearerAuth';
  if (options === undefined) throw new TypeError(`${name}: options are required`);
  const { verifier, resourceMetadataUrl, scope } = resolveOptions<BearerAuthOptions>(
    name,
    options,
    {
      defaults: { verifier: undefined, resourceMetadataUrl: undefined, scope: undefined },
      required: ['verifier', 'resourceMetadataUrl'],
    },
  );
  if (typeof verifier?.verify !== 'function') {
    throw new TypeError(`${name}: verifier must have a verify(token) method`);
  }
  if (typeof resourceMetadataUrl !== 'string' || !URL.canParse(resourceMetadataUrl)) {
    throw new TypeError(`${name}: resourceMetadataUrl must be an absolute URL`);
  }
  const base = { resourceMetadata: resourceMetadataUrl, ...(scope === undefined ? {} : { scope }) };
  // built once: a bad scope or URL fails here, at startup, not on a request
  const noToken = formatBearerChallenge(base);

  const reject = (
    ctx: Context,
    status: 400 | 401,
    error: 'invalid_request' | 'invalid_token',
    description: string,
  ) => {
    ctx.status = status;
    ctx.set(
      'WWW-Authenticate',
      formatBearerChallenge({ ...base, error, errorDescription: description }),
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { error, error_description: description };
  };

  return async (ctx, next) => {
    const token = bearerToken(ctx);
    if (typeof token === 'object') return reject(ctx, 400, 'invalid_request', token.problem);
    if (token === undefined) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', noToken);
      ctx.set('Cache-Control', 'no-store');
      return;
    }
    let auth: VerifiedAccessToken;
    try {
      auth = await verifier.verify(token);
    } catch (error) {
      // a rejection (any exposed invalid_token, from this verifier or a custom one) is the token's fault
      if (
        GatehouseError.isInstance(error) &&
        error.expose &&
        error.oauthError === 'invalid_token'
      ) {
        const { error_description: description = 'the token is invalid' } = toOAuthErrorBody(error);
        return reject(ctx, 401, 'invalid_token', description);
      }
      ctx.status = 500;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: 'server_error' };
      ctx.app.emit('error', error, ctx);
      return;
    }
    ctx.state.auth = auth;
    await next();
  };
}

/** The Bearer token of the request, `undefined` for none, or the problem that makes it a 400. */
function bearerToken(ctx: Context): string | undefined | { problem: string } {
  const raw = ctx.req.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === 'authorization') count++;
  }
  if (count > 1) return { problem: 'send exactly one Authorization header' };
  if (new URLSearchParams(ctx.querystring).has('access_token')) {
    return { problem: 'send the token in the Authorization header, not the query' };
  }
  const body = (ctx.request as { body?: unknown }).body;
  if (typeof body === 'object' && body !== null && 'access_token' in body) {
    return { problem: 'send the token in the Authorization header, not the body' };
  }
  const header = ctx.get('authorization');
  if (header === '')
    return count === 0 ? undefined : { problem: 'the Authorization header is empty' };
  const parsed = parseAuthorization(header);
  if (parsed.kind === 'malformed') {
    return { problem: 'the Authorization header must be: Bearer <token>' };
  }
  return parsed.kind === 'bearer' ? parsed.token : undefined;
}
