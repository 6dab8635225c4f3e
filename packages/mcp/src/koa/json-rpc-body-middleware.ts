import type { Middleware } from 'koa';
import type { EndpointState } from './endpoint-state.js';
import { readJsonRpcBody } from './json-rpc-body.js';
import { refuse } from './respond.js';

/**
 * Reads the JSON-RPC body of a POST (see `readJsonRpcBody`) after authentication, answering a bad one
 * with its JSON-RPC error, and leaves it on `ctx.state.mcpBody` and `ctx.request.body`.
 */
export function jsonRpcBody(maxBytes: number, maxBatch: number): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST') return next();
    const body = await readJsonRpcBody(ctx, maxBytes, maxBatch);
    if (typeof body === 'string') return refuse(ctx, body);
    (ctx.state as EndpointState).mcpBody = body.value;
    return next();
  };
}
