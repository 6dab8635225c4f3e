import type { AuditEventInput } from '@gatehouse/audit';
import type { AuditState } from '@gatehouse/audit/koa';
import type { Context } from 'koa';

/** Records an audit event with the request's context (`auditTrail` is mounted first in `app.ts`). */
export function recordAudit(ctx: Context, event: AuditEventInput): void {
  void (ctx.state as Partial<AuditState>).audit?.record(event);
}

/** The stable code of a refusal, for the audit `reason`. */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^ERR_[A-Z0-9_]+$/.test(code) ? code : 'ERR_UNKNOWN';
}
