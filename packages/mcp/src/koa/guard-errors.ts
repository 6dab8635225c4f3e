import type { Middleware } from 'koa';
import type { EndpointState } from './endpoint-state.js';
import { refuse } from './respond.js';

/**
 * Runs `guard` and turns its OAuth `invalid_request` answer to a request it could not decide (a
 * `tools/call` without a name, say: the body was valid JSON-RPC, its params were not) into a JSON-RPC
 * `-32602 Invalid params` error, so a client gets a JSON-RPC error for a malformed request, as from
 * the SDK, under the request's id. The guard recorded the denial already. Its other answers (401/403
 * challenges, JSON-RPC errors) pass unchanged.
 */
export function jsonRpcGuardErrors(guard: Middleware): Middleware {
  return async (ctx, next) => {
    await guard(ctx, next);
    const body = ctx.body as { error?: unknown } | undefined;
    if (
      ctx.status === 400 &&
      typeof body === 'object' &&
      body !== null &&
      body.error === 'invalid_request' &&
      !('jsonrpc' in body)
    ) {
      const about = (ctx.state as EndpointState).mcpBody;
      refuse(ctx, 'ERR_MCP_INVALID_PARAMS', { about, record: false });
    }
  };
}
