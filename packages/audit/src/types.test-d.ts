import { expectTypeOf } from 'vitest';
import {
  type AuditEventInput,
  type AuditEventType,
  type AuditLogger,
  type AuditRecord,
  type AuditVerification,
  createAuditLogger,
  type KnownAuditEventType,
  memorySink,
  verifyAuditLog,
} from './index.js';

const logger = createAuditLogger({ sinks: [memorySink()] });
expectTypeOf(logger).toEqualTypeOf<AuditLogger>();
expectTypeOf(logger.record).parameter(0).toEqualTypeOf<AuditEventInput>();
expectTypeOf(logger.record).returns.resolves.toBeVoid();
expectTypeOf(verifyAuditLog).returns.resolves.toEqualTypeOf<AuditVerification>();
expectTypeOf<'token.issued'>().toMatchTypeOf<AuditEventType>();
expectTypeOf<'billing.charged'>().toMatchTypeOf<AuditEventType>();
expectTypeOf<'no-dot'>().not.toMatchTypeOf<AuditEventType>();
expectTypeOf<AuditRecord['seq']>().toBeNumber();
expectTypeOf<'token.verified'>().toMatchTypeOf<KnownAuditEventType>();
expectTypeOf(logger.ready).returns.resolves.toBeVoid();
expectTypeOf(logger.stats().unwritten).toBeNumber();

declare const verdict: AuditVerification;
if (!verdict.ok) expectTypeOf(verdict.failure.code).toMatchTypeOf<`ERR_AUDIT_${string}`>();

// @ts-expect-error: events need a type
logger.record({ outcome: 'success' });
// @ts-expect-error: outcome is one of three words
logger.record({ type: 'token.issued', outcome: 'ok' });
