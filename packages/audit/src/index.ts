export { canonicalize } from './canonicalize.js';
export { computeRecordHash, GENESIS_HASH } from './chain.js';
export type { AuditErrorCode } from './errors.js';
export { AuditError } from './errors.js';
export type {
  AuditActor,
  AuditChainHead,
  AuditEvent,
  AuditEventInput,
  AuditEventType,
  AuditOutcome,
  AuditRecord,
  AuditRequestContext,
  AuditTarget,
  JsonValue,
  KnownAuditEventType,
} from './event.js';
export type { AuditLogger, AuditLoggerOptions, AuditLoggerStats } from './logger.js';
export { createAuditLogger } from './logger.js';
export type { MemorySink } from './memory-sink.js';
export { memorySink } from './memory-sink.js';
export type { RedactionOptions, Redactor } from './redact.js';
export { createRedactor } from './redact.js';
export type { AuditBatch, AuditSink, AuditSinkState } from './sink.js';
export type { AuditVerification, AuditVerificationFailure, VerifyOptions } from './verify.js';
export { verifyAuditLog } from './verify.js';
