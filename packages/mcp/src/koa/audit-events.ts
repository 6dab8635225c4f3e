import type { Context } from 'koa';
import type { GatehouseMcpErrorCode } from '../errors.js';

/**
 * Records a refusal decided by the endpoint (not by `bearerAuth` or `mcpGuard`, which record their
 * own) as `access.denied` with its `ERR_MCP_*` code (`request.failed` for `ERR_MCP_INTERNAL`: a
 * failure, not a decision), when an audit trail is on the context (`ctx.state.audit`, from
 * `auditTrail`).
 */
export function auditRefusal(ctx: Context, code: GatehouseMcpErrorCode): void {
  record(ctx, {
    type: code === 'ERR_MCP_INTERNAL' ? 'request.failed' : 'access.denied',
    ...actorOf(ctx),
    target: { type: 'route', id: ctx.path },
    reason: code,
    details: { method: ctx.method },
  });
}

/**
 * Records that the SDK transport answered an authorized request with an error before dispatching it
 * (406 without `text/event-stream` in `Accept`, 400 for a protocol version, 409 for a second stream),
 * as `request.failed` with the status: the guard's `access.allowed` came before, and no handler ran.
 */
export function auditUndispatched(ctx: Context, status: number): void {
  record(ctx, {
    type: 'request.failed',
    ...actorOf(ctx),
    target: { type: 'route', id: ctx.path },
    reason: status >= 500 ? 'ERR_MCP_INTERNAL' : `ERR_HTTP_${status}`,
    details: { method: ctx.method, status },
  });
}

function record(ctx: Context, event: Record<string, unknown>): void {
  const audit = (ctx.state as { audit?: { record?: (event: unknown) => unknown } }).audit;
  if (typeof audit?.record !== 'function') return;
  try {
    void Promise.resolve(audit.record(event)).catch(() => undefined);
  } catch {
    // a recorder that throws never changes the answer
  }
}

function actorOf(ctx: Context): { actor?: { sub: string; clientId: string } } {
  const auth = (ctx.state as { auth?: { subject?: unknown; clientId?: unknown } }).auth;
  return typeof auth?.subject === 'string' && typeof auth.clientId === 'string'
    ? { actor: { sub: auth.subject, clientId: auth.clientId } }
    : {};
}
