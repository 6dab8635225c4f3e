import type { AuditEventInput } from '@gatehouse/audit';
import type { Context } from 'koa';
import type { ServerContext } from '../../context.js';

/**
 * Records an audit event through the request's trail (`ctx.state.audit` from `auditTrail`) when the app
 * mounts one, else straight to the logger with the request's method, path and address. Never awaits
 * and never throws: auditing does not hold up the response.
 */
export function recordEvent(ctx: Context, server: ServerContext, event: AuditEventInput): void {
  const trail = (ctx.state as { audit?: { record(event: AuditEventInput): unknown } }).audit;
  if (trail !== undefined && typeof trail.record === 'function') {
    void trail.record(event);
    return;
  }
  void server.audit.record({
    ...event,
    request: { method: ctx.method, path: ctx.path, ip: ctx.ip, ...event.request },
  });
}
