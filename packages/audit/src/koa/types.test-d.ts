import Koa from 'koa';
import { expectTypeOf } from 'vitest';
import { createAuditLogger, memorySink } from '../index.js';
import { auditTrail, type RequestAudit } from './index.js';

const logger = createAuditLogger({ sinks: [memorySink()] });
const app = new Koa().use(auditTrail({ logger }));
app.use((ctx) => {
  expectTypeOf(ctx.state.audit).toEqualTypeOf<RequestAudit>();
  expectTypeOf(ctx.state.audit.record).returns.resolves.toBeVoid();
});
// what other packages' middlewares declare for ctx.state.audit, without depending on this package
interface DecisionRecorder {
  record(event: {
    type: 'token.verified' | 'token.rejected' | 'access.allowed' | 'access.denied';
    outcome?: 'success' | 'failure';
    reason?: string;
    actor?: { sub?: string; clientId?: string };
    target?: { type: string; id?: string };
    details?: Record<string, unknown>;
  }): unknown;
}
expectTypeOf<RequestAudit>().toMatchTypeOf<DecisionRecorder>();
// @ts-expect-error: a logger is required
auditTrail({});
