import type { Context } from 'koa';
import type { TokenIdentity } from '../errors.js';

/**
 * The audit event {@link bearerAuth} records for its decision: `token.verified` (outcome `success`)
 * or `token.rejected` (outcome `failure`, `reason` the code). Never the token itself.
 */
export interface BearerAuthAuditEvent {
  type: 'token.verified' | 'token.rejected';
  outcome: 'success' | 'failure';
  /** The token's `sub` and `client_id`, when known (verified, or authenticated before a rejection). */
  actor?: { sub?: string; clientId?: string };
  /** The token's `jti`, when known. */
  target?: { type: 'token'; id: string };
  /** For a rejection: the `ERR_*` code (see the README's table). */
  reason?: string;
  /** `scopes`: the token's scopes when known; `status`: the HTTP status of a rejection. */
  details: { scopes?: readonly string[]; status?: number };
}

/**
 * What {@link bearerAuth} uses from `ctx.state.audit` (as `auditTrail` from `@gatehouse/audit/koa`
 * sets it, or anything of this shape): `record(event)`, awaited; and `actor`, which it sets to the
 * verified token's subject and client when the property exists and is unset, so that later events
 * carry them.
 */
export interface BearerAuthAudit {
  record(event: BearerAuthAuditEvent): unknown;
  actor?: { sub?: string; clientId?: string } | undefined;
}

/**
 * Records `event` on `ctx.state.audit` when there is one. The decision stands whatever happens: a
 * recorder that throws or rejects is reported on the app's `error` event.
 */
export async function recordDecision(ctx: Context, event: BearerAuthAuditEvent): Promise<void> {
  const audit = (ctx.state as { audit?: unknown }).audit as BearerAuthAudit | undefined;
  if (typeof audit !== 'object' || audit === null || typeof audit.record !== 'function') return;
  try {
    await audit.record(event);
  } catch (error) {
    ctx.app.emit('error', error, ctx);
  }
}

/**
 * Sets `ctx.state.audit.actor`, when the audit context has that property and it is still unset (as
 * `auditTrail` does itself on a `token.verified` event): an actor set earlier is left alone.
 */
export function setAuditActor(ctx: Context, actor: { sub: string; clientId: string }): void {
  const audit = (ctx.state as { audit?: unknown }).audit;
  // Reflect.set: a read-only or frozen audit context is left as it is, without a throw
  if (
    typeof audit === 'object' &&
    audit !== null &&
    'actor' in audit &&
    (audit as BearerAuthAudit).actor === undefined
  ) {
    Reflect.set(audit, 'actor', actor);
  }
}

/**
 * The `token.rejected` event for a reason code and status; with the token's subject, client, `jti`
 * and scopes when `error` carries an authenticated identity (`TokenError#identity`).
 */
export function rejectionEvent(
  reason: string,
  status: number,
  error?: unknown,
): BearerAuthAuditEvent {
  const identity = (error as { identity?: TokenIdentity } | undefined)?.identity;
  const event: BearerAuthAuditEvent = {
    type: 'token.rejected',
    outcome: 'failure',
    reason,
    details: { status },
  };
  if (typeof identity !== 'object' || identity === null) return event;
  const actor: { sub?: string; clientId?: string } = {};
  if (identity.subject !== undefined) actor.sub = identity.subject;
  if (identity.clientId !== undefined) actor.clientId = identity.clientId;
  if (actor.sub !== undefined || actor.clientId !== undefined) event.actor = actor;
  if (identity.jti !== undefined) event.target = { type: 'token', id: identity.jti };
  if (identity.scopes !== undefined) event.details = { scopes: identity.scopes, status };
  return event;
}
