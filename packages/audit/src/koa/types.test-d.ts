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
// @ts-expect-error: a logger is required
auditTrail({});
