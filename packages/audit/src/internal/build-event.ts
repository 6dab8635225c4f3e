import type { AuditEventType, AuditOutcome, AuditRecord, JsonValue } from '../event.js';
import type { Redactor } from '../redact.js';
import { unordered } from './canonical-order.js';
import { uuidV7 } from './uuid-v7.js';

const FIELDS = ['actor', 'details', 'reason', 'request', 'target'] as const;
const TYPE = /^[a-z][a-z0-9_]{0,63}\.[a-z][a-z0-9_]{0,63}$/;
const OUTCOMES: ReadonlySet<string> = new Set(['success', 'failure', 'unknown']);

const DERIVED: Readonly<Record<string, AuditOutcome>> = {
  'discovery.served': 'success',
  'client.registered': 'success',
  'client.rejected': 'failure',
  'authorization.granted': 'success',
  'authorization.denied': 'failure',
  'consent.given': 'success',
  'consent.denied': 'failure',
  'token.issued': 'success',
  'token.refreshed': 'success',
  'token.revoked': 'success',
  'token.verified': 'success',
  'token.rejected': 'failure',
  'token.introspected': 'success',
  'refresh.reuse_detected': 'failure',
  'access.allowed': 'success',
  'access.denied': 'failure',
  'request.failed': 'failure',
  'audit.dropped': 'failure',
  'audit.recovered': 'success',
};

let lastSecond = Number.NaN;
let secondPrefix = '';

/**
 * `now` as ISO 8601 (`2026-12-01T13:37:42.123Z`). Many events share a second: its text up to the
 * seconds is kept, and only the milliseconds are written per event.
 */
function isoTime(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    secondPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const ms = now - second * 1000;
  return `${secondPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/**
 * A record waiting for its place in the chain: every field but `hash`, with `seq` and `prev` still
 * placeholders, and its keys inserted in canonical (sorted) order, so that once `chainEvent` fills in
 * `seq` and `prev`, `JSON.stringify` of it is the canonical serialization.
 */
export type PendingRecord = Omit<AuditRecord, 'hash'> & { hash?: string };

/** Assembles a pending record, keys in sorted order (see {@link PendingRecord}). */
function pending(
  now: number,
  type: AuditEventType,
  outcome: AuditOutcome,
  parts: Partial<Record<(typeof FIELDS)[number], JsonValue>>,
): PendingRecord {
  const record = {} as Record<string, JsonValue>;
  if (parts.actor !== undefined) record.actor = parts.actor;
  if (parts.details !== undefined) record.details = parts.details;
  record.id = uuidV7(now);
  record.outcome = outcome;
  record.prev = '';
  if (parts.reason !== undefined) record.reason = parts.reason;
  if (parts.request !== undefined) record.request = parts.request;
  record.seq = 0;
  if (parts.target !== undefined) record.target = parts.target;
  record.time = isoTime(now);
  record.type = type;
  return record as unknown as PendingRecord;
}

/**
 * A recorded event: id, time, outcome, and every other field redacted. Each field of `input` is read
 * once (a getter cannot pass the check and then change). `TypeError` for a malformed input.
 */
export function buildEvent(input: unknown, redactor: Redactor): PendingRecord {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError('an event must be an object');
  }
  const fields = input as Record<string, unknown>;
  const type = fields.type;
  if (typeof type !== 'string' || !TYPE.test(type)) {
    throw new TypeError('type must be "<area>.<outcome>"');
  }
  const outcome = fields.outcome;
  if (outcome !== undefined && (typeof outcome !== 'string' || !OUTCOMES.has(outcome))) {
    throw new TypeError('outcome must be success, failure or unknown');
  }
  const parts: Partial<Record<(typeof FIELDS)[number], JsonValue>> = {};
  let ordered = true;
  for (const key of FIELDS) {
    const value = fields[key];
    if (value === undefined) continue;
    const redacted = redactor.redact(value);
    if (redacted === undefined) continue;
    parts[key] = redacted;
    if (typeof redacted === 'object' && redacted !== null && unordered.has(redacted)) {
      ordered = false;
    }
  }
  const record = pending(
    Date.now(),
    type as AuditEventType,
    (outcome as AuditOutcome | undefined) ??
      (Object.hasOwn(DERIVED, type) ? (DERIVED[type] as AuditOutcome) : 'unknown'),
    parts,
  );
  if (!ordered) unordered.add(record);
  return record;
}

/** An event the logger records about itself (`audit.dropped`, `audit.recovered`). */
export function systemEvent(
  type: 'audit.dropped' | 'audit.recovered',
  details: { [key: string]: JsonValue },
): PendingRecord {
  return pending(Date.now(), type, DERIVED[type] as AuditOutcome, { details });
}
