import { formatBearerChallenge } from '@gatehouse/discovery';
import { GatehouseError, resolveOptions, toOAuthErrorBody } from '@gatehouse/errors';
import type { Context, Middleware } from 'koa';
import type { AccessTokenVerifier, VerifiedAccessToken } from '../verified-access-token.js';
import {
  type BearerAuthAudit,
  recordDecision,
  rejectionEvent,
  setAuditActor,
} from './audit-decision.js';
import { bearerToken } from './bearer-token.js';

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

/** What {@link bearerAuth} reads from and adds to `ctx.state`. */
export interface BearerAuthState {
  /**
   * The verified token, exactly as the verifier returned it: deeply frozen, possibly shared with
   * other requests (a cache hit), and holding no presentable token.
   */
  auth: VerifiedAccessToken;
  /**
   * The token this request presented, for code that must hand it on, such as the MCP SDK's
   * `AuthInfo.token`. Never log it, put it in a response, or forward it to another service (MCP
   * forbids token passthrough).
   */
  bearerToken: string;
  /** Read when present (`auditTrail` from `@gatehouse/audit/koa` sets it): decisions are recorded. */
  audit?: BearerAuthAudit;
}

/**
 * Koa middleware that authenticates a request by its Bearer token (RFC 6750, MCP authorization) and
 * sets `ctx.state.auth` to the verified token and `ctx.state.bearerToken` to the token string. The
 * token is read only from the `Authorization` header:
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
 * When `ctx.state.audit` exists (`auditTrail` from `@gatehouse/audit/koa`), every decision is
 * recorded: `token.verified` (and `ctx.state.audit.actor` set) or `token.rejected` with the code as
 * `reason` (see the README).
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
    if (typeof token === 'object') {
      reject(ctx, 400, 'invalid_request', token.description);
      return recordDecision(ctx, rejectionEvent(token.code, 400));
    }
    if (token === undefined) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', noToken);
      ctx.set('Cache-Control', 'no-store');
      return recordDecision(ctx, rejectionEvent('ERR_TOKEN_MISSING', 401));
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
        reject(ctx, 401, 'invalid_token', description);
        return recordDecision(ctx, rejectionEvent(error.code, 401, error));
      }
      ctx.status = 500;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: 'server_error' };
      ctx.app.emit('error', error, ctx);
      const code = GatehouseError.isInstance(error) ? error.code : 'ERR_TOKEN_VERIFIER_FAILED';
      return recordDecision(ctx, rejectionEvent(code, 500));
    }
    ctx.state.auth = auth;
    ctx.state.bearerToken = token;
    setAuditActor(ctx, { sub: auth.subject, clientId: auth.clientId });
    await recordDecision(ctx, {
      type: 'token.verified',
      outcome: 'success',
      actor: { sub: auth.subject, clientId: auth.clientId },
      ...(auth.jti === undefined ? {} : { target: { type: 'token', id: auth.jti } }),
      details: { scopes: auth.scopes },
    });
    await next();
  };
}
