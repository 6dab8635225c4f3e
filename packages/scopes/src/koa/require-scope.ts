import type { Middleware } from 'koa';
import { compileScopes, isScope, ScopeDeniedError } from '../index.js';
import { recordDecisions } from './audit-decision.js';
import { requestEvent } from './audit-events.js';
import { readAuthState } from './auth-state.js';
import {
  type ChallengeScope,
  checkResourceMetadata,
  insufficientScope,
  respondWithError,
} from './respond.js';

/** Options of {@link requireScope}. */
export interface RequireScopeOptions {
  /** The protected resource metadata URL for the challenge's `resource_metadata` (RFC 9728). */
  resourceMetadata?: string;
  /** Which scopes the 403 challenge names. Default `'union'`. */
  challengeScope?: ChallengeScope;
}

/**
 * Koa middleware for a plain route: passes only if the verified token on `ctx.state.auth` satisfies
 * **every** required scope (wildcards in the token count, R12). Otherwise 403 `insufficient_scope` with
 * a `WWW-Authenticate` challenge naming all the route's scopes at once. Without `ctx.state.auth` it
 * fails closed with 500 `server_error` (a token middleware is missing: a configuration mistake).
 * Malformed token scopes grant nothing. Malformed required scopes throw TypeError at setup. With
 * `ctx.state.audit` (from `auditTrail`), the decision is recorded as `access.allowed` or
 * `access.denied` (target `{ type: 'route', id: ctx.path }`).
 *
 * @example
 * ```ts
 * import { requireScope } from '@gatehouse/scopes/koa';
 *
 * router.get('/reports', bearerAuth({ verifier }), requireScope('mcp:reports:read', {
 *   resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource',
 * }), listReports);
 * ```
 */
export function requireScope(
  required: string | readonly string[],
  options: RequireScopeOptions = {},
): Middleware {
  const list = typeof required === 'string' ? [required] : required;
  if (!Array.isArray(list) || list.length === 0 || !list.every((scope) => isScope(scope))) {
    throw new TypeError('requireScope: required must be one or more valid scopes');
  }
  const scopes = Object.freeze([...new Set<string>(list)]);
  const { resourceMetadata, challengeScope = 'union' } = options;
  if (challengeScope !== 'union' && challengeScope !== 'required') {
    throw new TypeError('requireScope: challengeScope must be "union" or "required"');
  }
  checkResourceMetadata('requireScope', resourceMetadata);
  return async (ctx, next) => {
    const auth = readAuthState(ctx.state);
    const route = { type: 'route', id: ctx.path } as const;
    if (!('scopes' in auth)) {
      const details = { method: ctx.method, scopes: [], requiredScopes: scopes };
      await recordDecisions(ctx.state, [requestEvent(false, undefined, route, details, auth.code)]);
      return respondWithError(ctx, auth);
    }
    const granted = compileScopes(auth.scopes, { invalid: 'ignore' });
    const missing = scopes.filter((scope) => !granted.satisfies(scope));
    const allowed = missing.length === 0;
    const details = { method: ctx.method, scopes: auth.scopes, requiredScopes: missing };
    const error = allowed ? undefined : new ScopeDeniedError(scopes);
    await recordDecisions(ctx.state, [requestEvent(allowed, auth, route, details, error?.code)]);
    if (error === undefined) return next();
    insufficientScope(ctx, error, {
      granted: granted.scopes,
      challengeScope,
      resourceMetadata,
    });
  };
}
