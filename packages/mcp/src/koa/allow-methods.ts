import type { Middleware } from 'koa';
import { refuse } from './respond.js';

const ALLOWED = new Set(['GET', 'POST', 'DELETE']);

/**
 * Answers methods the Streamable HTTP transport does not define (PUT, PATCH, HEAD, ...) with 405 and
 * `Allow`, before authentication: nothing is read, decided or dispatched for them.
 */
export function allowMethods(): Middleware {
  return async (ctx, next) => {
    if (ALLOWED.has(ctx.method)) return next();
    ctx.set('Allow', 'GET, POST, DELETE, OPTIONS');
    return refuse(ctx, 'ERR_MCP_METHOD_NOT_ALLOWED');
  };
}
