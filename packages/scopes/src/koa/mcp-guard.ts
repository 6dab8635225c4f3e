import type { Middleware } from 'koa';
import {
  type AuthorizeMcpRequestOptions,
  authorizeMcpRequest,
  type Policy,
  type ScopeAbility,
} from '../index.js';
import { readAuthState } from './auth-state.js';
import { readJsonBody } from './read-json-body.js';
import {
  type ChallengeScope,
  checkResourceMetadata,
  insufficientScope,
  respondWithError,
} from './respond.js';

/** Options of {@link mcpGuard}. */
export interface McpGuardOptions {
  /** The compiled scope policy. Required. */
  policy: Policy;
  /** The protected resource metadata URL for the challenge's `resource_metadata` (RFC 9728). */
  resourceMetadata?: string;
  /** Which scopes the 403 challenge names. Default `'union'`. */
  challengeScope?: ChallengeScope;
  /** Decisions for methods beyond the built-in mapping (see `authorizeMcpRequest`). */
  methods?: AuthorizeMcpRequestOptions['methods'];
  /** Fills in a Resource's name from its URI (see `authorizeMcpRequest`). */
  resolveResource?: AuthorizeMcpRequestOptions['resolveResource'];
  /** Largest JSON-RPC body read, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Most messages in a JSON-RPC batch. Default 64. */
  maxBatch?: number;
}

/** What the guard puts on `ctx.state`. */
export interface McpGuardState {
  /** The CASL ability of the verified token, for handlers (e.g. `filterListResult`). */
  ability: ScopeAbility;
}

/** Methods that carry no JSON-RPC message (the SSE stream, ending a session, preflight). */
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

const KNOWN = new Set([
  'policy',
  'resourceMetadata',
  'challengeScope',
  'methods',
  'resolveResource',
  'maxBodyBytes',
  'maxBatch',
]);

/**
 * Koa middleware in front of an MCP Streamable HTTP endpoint. For the verified token on
 * `ctx.state.auth` it compiles the ability (`policy.abilityFor`, memoized) and sets `ctx.state.ability`.
 * For POST, and any method other than GET, HEAD, DELETE and OPTIONS, it reads the JSON-RPC body
 * (single or batch; `ctx.request.body` if a body parser ran, else the stream, capped at
 * `maxBodyBytes`) and decides it with `authorizeMcpRequest`: a denial is a 403 `insufficient_scope`
 * with a `WWW-Authenticate` challenge naming every scope the request needs; a malformed body is 400
 * `invalid_request` (413 too large, 415 not JSON). Without `ctx.state.auth` it fails closed with 500
 * `server_error`. GET, HEAD, DELETE and OPTIONS pass with the ability set.
 *
 * @example
 * ```ts
 * import { definePolicy } from '@gatehouse/scopes';
 * import { mcpGuard } from '@gatehouse/scopes/koa';
 *
 * const policy = definePolicy().build();
 * router.all('/mcp', bearerAuth(verifier), mcpGuard({
 *   policy,
 *   resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
 * }), handleMcp);
 * ```
 */
export function mcpGuard(options: McpGuardOptions): Middleware {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('mcpGuard: options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`mcpGuard: unknown option "${key}"`);
  }
  const { policy, resourceMetadata, challengeScope = 'union', methods, resolveResource } = options;
  if (typeof policy?.abilityFor !== 'function') throw new TypeError('mcpGuard: policy is required');
  if (challengeScope !== 'union' && challengeScope !== 'required') {
    throw new TypeError('mcpGuard: challengeScope must be "union" or "required"');
  }
  checkResourceMetadata('mcpGuard', resourceMetadata);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxBatch = options.maxBatch ?? 64;
  for (const [name, value] of [
    ['maxBodyBytes', maxBodyBytes],
    ['maxBatch', maxBatch],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`mcpGuard: ${name} must be a positive integer`);
    }
  }
  const decideOptions: AuthorizeMcpRequestOptions = {
    maxBatch,
    ...(methods === undefined ? {} : { methods }),
    ...(resolveResource === undefined ? {} : { resolveResource }),
  };
  return async (ctx, next) => {
    const auth = readAuthState(ctx.state);
    if (!('scopes' in auth)) return respondWithError(ctx, auth);
    try {
      const ability = policy.abilityFor(auth);
      ctx.state.ability = ability;
      if (!BODYLESS.has(ctx.method)) {
        const body = await readJsonBody(ctx, maxBodyBytes);
        const decision = authorizeMcpRequest(ability, body, decideOptions);
        if (!decision.allowed) {
          insufficientScope(ctx, decision.error, {
            granted: auth.scopes,
            challengeScope,
            resourceMetadata,
          });
          return;
        }
      }
    } catch (error) {
      return respondWithError(ctx, error);
    }
    await next();
  };
}
