export type { BearerAuthAudit, BearerAuthAuditEvent } from './audit-decision.js';
export type { BearerAuthOptions, BearerAuthState } from './bearer-auth.js';
export { bearerAuth } from './bearer-auth.js';
export type { BearerRequestProblemCode } from './bearer-token.js';
