import type { Middleware } from 'koa';
import type { EndpointState } from './endpoint-state.js';
import { ownerOf } from './endpoint-state.js';
import { refuse } from './respond.js';
import { ownerKey, type SessionStore } from './sessions.js';

/**
 * Ties a request to its session, after authentication (MCP R13: a session id is never
 * authentication). Stateful: a request naming a session must come with a token of the session's
 * owner (issuer, subject and client at `initialize`); an unknown session and another owner's session
 * both answer 404 `Session not found` (`ERR_MCP_SESSION_NOT_FOUND` / `ERR_MCP_SESSION_MISMATCH` in the
 * audit), so a stolen session id is worth nothing and its existence is not revealed. A request without
 * a session must be a POST carrying `initialize` (else 400 `ERR_MCP_SESSION_REQUIRED`). Stateless: GET
 * and DELETE answer 405 (there is no stream or session to open or end); a DELETE is recorded as a
 * refusal, a GET is not (every client sends one to ask for the optional stream).
 */
export function sessionGate(sessions: SessionStore | undefined): Middleware {
  return async (ctx, next) => {
    const state = ctx.state as EndpointState;
    if (sessions === undefined) {
      if (ctx.method !== 'POST') {
        ctx.set('Allow', 'POST, OPTIONS');
        // A client opens its optional SSE stream with a GET after every initialize; 405 is how the
        // transport says there is none, not a denial (its token.verified is recorded).
        return refuse(ctx, 'ERR_MCP_METHOD_NOT_ALLOWED', { record: ctx.method !== 'GET' });
      }
      return next();
    }
    sessions.sweep(Date.now());
    const id = ctx.get('mcp-session-id');
    if (id === '') {
      if (ctx.method === 'POST' && isInitialize(state.mcpBody)) return next();
      return refuse(ctx, 'ERR_MCP_SESSION_REQUIRED');
    }
    const session = sessions.get(id);
    const auth = state.auth;
    if (session === undefined || auth === undefined) {
      return refuse(ctx, 'ERR_MCP_SESSION_NOT_FOUND');
    }
    if (session.ownerKey !== ownerKey(ownerOf(auth))) {
      return refuse(ctx, 'ERR_MCP_SESSION_MISMATCH');
    }
    state.mcpSession = session;
    return next();
  };
}

/** Whether the body is an `initialize` request (alone: the SDK refuses it in a batch). */
function isInitialize(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some(
    (message) =>
      typeof message === 'object' &&
      message !== null &&
      (message as { method?: unknown }).method === 'initialize',
  );
}
