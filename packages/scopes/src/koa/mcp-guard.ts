import { GatehouseError } from '@gatehouse/errors';
import type { Middleware } from 'koa';
import {
  authorizeMcpRequest,
  filterListResult,
  type McpMessageDecision,
  type McpSubjectResolvers,
  type ScopeAbility,
  ScopeError,
} from '../index.js';
import { recordDecisions } from './audit-decision.js';
import { messageEvents, methodOfBody, requestEvent, targetOfBody } from './audit-events.js';
import { readAuthState } from './auth-state.js';
import { JSON_RPC_FORBIDDEN, JSON_RPC_INVALID_PARAMS, jsonRpcError } from './json-rpc-error.js';
import { checkGuardOptions, type McpGuardOptions } from './mcp-guard-options.js';
import { readJsonBody } from './read-json-body.js';
import { insufficientScope, respondWithError } from './respond.js';

export type { McpGuardOptions } from './mcp-guard-options.js';

/** The JSON-RPC request the guard decided, for the handler to run exactly as decided. */
export interface McpGuardRequest {
  /**
   * The parsed JSON-RPC body (one message or a batch) the decision was made on, also left on
   * `ctx.request.body`. Hand this value, unchanged, to the MCP transport
   * (`transport.handleRequest(ctx.req, ctx.res, ctx.state.mcpRequest.body)`): every resource URI in it
   * is already canonical, so the SDK serves exactly the resource the guard decided on.
   */
  body: unknown;
  /** How each message was decided, in order. */
  messages: readonly McpMessageDecision[];
}

/** What the guard puts on `ctx.state`. */
export interface McpGuardState {
  /** The CASL ability of the verified token. */
  ability: ScopeAbility;
  /**
   * `filterListResult` bound to the token's ability and the guard's resolvers: call it on every
   * `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` result, so listing
   * decides exactly as using does.
   */
  filterList: <T>(method: string, result: T) => T;
  /** Set when a request carrying a JSON-RPC body was allowed. */
  mcpRequest?: McpGuardRequest;
}

/** Refusals of a well-formed message's params, answered as JSON-RPC `-32602 Invalid params`. */
const INVALID_PARAMS: ReadonlySet<string> = new Set([
  'ERR_SCOPE_URI_INVALID',
  'ERR_SCOPE_URI_NOT_CANONICAL',
  'ERR_SCOPE_TOOL_ARGUMENTS',
]);

/** Methods that carry no JSON-RPC message (the SSE stream, ending a session, preflight). */
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/**
 * Koa middleware in front of an MCP Streamable HTTP endpoint. For the verified token on
 * `ctx.state.auth` it compiles the ability (`policy.abilityFor`, memoized) and sets
 * `ctx.state.ability` and `ctx.state.filterList`. For POST, and any method other than GET, HEAD,
 * DELETE and OPTIONS, it reads the JSON-RPC body (single or batch; `ctx.request.body` if a body parser
 * ran, else the stream, capped at `maxBodyBytes`), decides it with `authorizeMcpRequest`, and on
 * success sets `ctx.state.mcpRequest`. Answers:
 * - a denial some scopes would fix: 403 `insufficient_scope` with a `WWW-Authenticate` challenge
 *   naming every scope the request needs;
 * - a denial no scope can fix (an unknown or denied method, a `cannot` rule, a condition on a claim
 *   the token lacks): 403 with a JSON-RPC error body (`-32000`, `data.code` `ERR_SCOPE_DENIED`) and
 *   no challenge, so a client does not re-authorize in a loop;
 * - a resource URI that is not an absolute URL in canonical form, or `tools/call` arguments a per-tool
 *   rule (`tools`) cannot read: 400 with a JSON-RPC error body (`-32602`, `data.code`
 *   `ERR_SCOPE_URI_NOT_CANONICAL` / `ERR_SCOPE_URI_INVALID` / `ERR_SCOPE_TOOL_ARGUMENTS`);
 * - a malformed body: 400 `invalid_request` (413 too large, 415 not JSON);
 * - no `ctx.state.auth`: 500 `server_error` (fails closed).
 * GET, HEAD, DELETE and OPTIONS pass with the ability set. With `ctx.state.audit` (from `auditTrail`),
 * every decision is recorded: `access.allowed` / `access.denied` per checked message.
 *
 * @example
 * ```ts
 * import { definePolicy } from '@gatehouse/scopes';
 * import { mcpGuard } from '@gatehouse/scopes/koa';
 *
 * const policy = definePolicy().build();
 * router.all('/mcp', bearerAuth({ verifier, resourceMetadataUrl }), mcpGuard({
 *   policy,
 *   resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
 * }), handleMcp);
 * ```
 */
export function mcpGuard(options: McpGuardOptions): Middleware {
  const { policy, resourceMetadata, challengeScope, maxBodyBytes, decideOptions } =
    checkGuardOptions(options);
  const resolvers: McpSubjectResolvers = {
    resolveResource: decideOptions.resolveResource,
    resolveTool: decideOptions.resolveTool,
    tools: decideOptions.tools,
  };
  return async (ctx, next) => {
    const auth = readAuthState(ctx.state);
    const route = { type: 'route', id: ctx.path } as const;
    if (!('scopes' in auth)) {
      const details = { method: ctx.method, scopes: [], requiredScopes: [] };
      await recordDecisions(ctx.state, [requestEvent(false, undefined, route, details, auth.code)]);
      return respondWithError(ctx, auth);
    }
    let body: unknown;
    let decision: ReturnType<typeof authorizeMcpRequest> | undefined;
    try {
      const ability: ScopeAbility = policy.abilityFor(auth);
      ctx.state.ability = ability;
      ctx.state.filterList = <T>(method: string, result: T): T =>
        filterListResult(ability, method, result, resolvers);
      if (!BODYLESS.has(ctx.method)) {
        body = await readJsonBody(ctx, maxBodyBytes);
        decision = authorizeMcpRequest(ability, body, decideOptions);
      }
    } catch (error) {
      const reason = GatehouseError.isInstance(error) ? error.code : 'ERR_UNHANDLED';
      const details = {
        method: methodOfBody(body) ?? ctx.method,
        scopes: auth.scopes,
        requiredScopes: [],
      };
      const target = targetOfBody(body, ctx.path);
      await recordDecisions(ctx.state, [requestEvent(false, auth, target, details, reason)]);
      if (ScopeError.isInstance(error) && INVALID_PARAMS.has(error.code)) {
        return jsonRpcError(ctx, 400, JSON_RPC_INVALID_PARAMS, error, body);
      }
      return respondWithError(ctx, error);
    }
    if (decision !== undefined) {
      await recordDecisions(ctx.state, messageEvents(decision, auth, ctx.method));
      if (!decision.allowed) {
        const { error } = decision;
        if (error.requiredScopes.length === 0) {
          return jsonRpcError(ctx, 403, JSON_RPC_FORBIDDEN, error, body);
        }
        return insufficientScope(ctx, error, {
          granted: auth.scopes,
          challengeScope,
          resourceMetadata,
        });
      }
      ctx.state.mcpRequest = { body, messages: decision.messages } satisfies McpGuardRequest;
    }
    await next();
  };
}
