import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Middleware } from 'koa';
import { toAuthInfo } from '../to-auth-info.js';
import { auditUndispatched } from './audit-events.js';
import type { DispatchConfig, EndpointState } from './endpoint-state.js';
import { presentedToken } from './presented-token.js';
import { refuse } from './respond.js';
import { finished, type Target, targetFor } from './targets.js';

/** The statuses of a POST whose messages the SDK transport dispatched (SSE or JSON 200, 202). */
const DISPATCHED: ReadonlySet<number> = new Set([200, 202]);

/**
 * The last middleware: hands the request, with its `AuthInfo` on `req.auth` and the body the guard
 * decided, to the SDK transport (`handleRequest(req, res, body)`, `ctx.respond = false`) and waits
 * until the response is finished (an SSE stream until it closes).
 */
export function dispatch(config: DispatchConfig): Middleware {
  return async (ctx) => {
    const state = ctx.state as EndpointState;
    const { auth, ability } = state;
    const token = presentedToken(ctx);
    if (auth === undefined || ability === undefined || token === undefined) {
      return refuse(ctx, 'ERR_MCP_INTERNAL');
    }
    const filter = state.filterList ?? config.filterFor(ability);
    const authInfo = toAuthInfo(auth, token, config.resource, { ability });
    const body =
      state.mcpBody === undefined ? undefined : (state.mcpRequest?.body ?? state.mcpBody);
    const messages = body === undefined ? [] : Array.isArray(body) ? body : [body];

    let target: Target;
    try {
      const found = await targetFor(ctx, config, state, authInfo);
      if (found === undefined) return;
      target = found;
    } catch (error) {
      ctx.app.emit('error', error, ctx);
      return refuse(ctx, 'ERR_MCP_INTERNAL');
    }
    const tracked = target.lists.track(messages, filter);
    if (typeof tracked === 'string') {
      target.done();
      if (tracked === 'limit') return refuse(ctx, 'ERR_MCP_LIST_PENDING_LIMIT', { about: body });
      if (tracked === 'task') return refuse(ctx, 'ERR_MCP_INVALID_REQUEST', { about: body });
      // not under the repeated id: that id names another request, whose answer it would pass for
      return refuse(ctx, 'ERR_MCP_INVALID_REQUEST');
    }
    (ctx.req as typeof ctx.req & { auth?: AuthInfo }).auth = authInfo;
    ctx.respond = false;
    try {
      await target.transport.handleRequest(ctx.req, ctx.res, body);
      await finished(ctx);
    } catch (error) {
      ctx.app.emit('error', error, ctx);
      if (!ctx.res.headersSent) {
        ctx.res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        ctx.res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: null,
            error: { code: -32603, message: 'Internal error', data: { code: 'ERR_MCP_INTERNAL' } },
          }),
        );
      } else {
        ctx.res.destroy();
      }
    } finally {
      // The transport refused the request before dispatching it (406, 415, a protocol version, a
      // session it does not know): no response will ever come for its requests, and the guard's
      // access.allowed is followed by the failure.
      const status = ctx.res.statusCode;
      if (!DISPATCHED.has(status)) {
        tracked.release();
        if (status >= 400) auditUndispatched(ctx, status);
      }
      target.done();
    }
  };
}
