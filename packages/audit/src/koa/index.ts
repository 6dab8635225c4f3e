export type { AuditState, AuditTrailOptions, RequestAudit } from './audit-trail.js';
export { auditTrail } from './audit-trail.js';
