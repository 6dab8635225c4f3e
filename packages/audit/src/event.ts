/**
 * The event types Gatehouse itself records, `<area>.<outcome>`. Any other `<area>.<outcome>` string
 * is accepted too (lower-case letters, digits and `_`).
 */
export type KnownAuditEventType =
  | 'discovery.served'
  | 'client.registered'
  | 'client.rejected'
  | 'authorization.granted'
  | 'authorization.denied'
  | 'consent.given'
  | 'consent.denied'
  | 'token.issued'
  | 'token.refreshed'
  | 'token.revoked'
  | 'token.verified'
  | 'token.rejected'
  | 'token.introspected'
  | 'refresh.reuse_detected'
  | 'access.allowed'
  | 'access.denied'
  | 'request.failed'
  | 'audit.dropped'
  | 'audit.recovered';

/**
 * An event type: one of {@link KnownAuditEventType} (offered by editors) or any `<area>.<outcome>`.
 *
 * @example
 * ```ts
 * import type { AuditEventType } from '@gatehouse/audit';
 * const type: AuditEventType = 'token.issued';
 * const custom: AuditEventType = 'billing.charged';
 * ```
 */
export type AuditEventType = KnownAuditEventType | (`${string}.${string}` & Record<never, never>);

/**
 * Whether the recorded decision or action succeeded. Derived from the type for the known types
 * (`token.issued` -> `success`, `access.denied` -> `failure`); `unknown` for other types without one.
 */
export type AuditOutcome = 'success' | 'failure' | 'unknown';

/** Who acted: the end user (`sub`) and the OAuth client (`clientId`). */
export interface AuditActor {
  sub?: string;
  clientId?: string;
}

/** The HTTP request an event belongs to. `path` never includes the query string. */
export interface AuditRequestContext {
  id?: string;
  ip?: string;
  userAgent?: string;
  method?: string;
  path?: string;
}

/** What the event is about: `{ type: 'client', id: clientId }`, `{ type: 'token', id: jti }`, … */
export interface AuditTarget {
  type: string;
  id?: string;
}

/** A JSON value, as events carry them after recording. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * What a caller passes to `record()`. The logger adds `id` and `time`, derives `outcome` when absent,
 * redacts secrets and turns `details` into plain JSON.
 *
 * @example
 * ```ts
 * import type { AuditEventInput } from '@gatehouse/audit';
 *
 * const event: AuditEventInput = {
 *   type: 'token.rejected',
 *   actor: { clientId: 'https://app.example/client.json' },
 *   reason: 'ERR_TOKEN_EXPIRED',
 *   details: { audience: 'https://mcp.example/mcp' },
 * };
 * ```
 */
export interface AuditEventInput {
  type: AuditEventType;
  outcome?: AuditOutcome;
  actor?: AuditActor;
  request?: AuditRequestContext;
  target?: AuditTarget;
  /** A stable code, such as an `ERR_*` code or an OAuth error code. */
  reason?: string;
  details?: Readonly<Record<string, unknown>>;
}

/**
 * An event as recorded: `id` is a UUIDv7 (time-ordered, monotonic within a process), `time` an
 * ISO 8601 UTC timestamp with milliseconds, every string redacted.
 */
export interface AuditEvent {
  id: string;
  time: string;
  type: AuditEventType;
  outcome: AuditOutcome;
  actor?: AuditActor;
  request?: AuditRequestContext;
  target?: AuditTarget;
  reason?: string;
  details?: { [key: string]: JsonValue };
}

/**
 * An event in the tamper-evident chain: `seq` counts from 1, `prev` is the `hash` of record `seq - 1`
 * (64 zeros for the first), and `hash` is the hex SHA-256 of the canonical serialization of every
 * other field (see `canonicalize`).
 *
 * @example
 * ```ts
 * import type { AuditRecord } from '@gatehouse/audit';
 * const onRecord = (record: AuditRecord) => console.log(record.seq, record.type, record.hash);
 * ```
 */
export interface AuditRecord extends AuditEvent {
  seq: number;
  prev: string;
  hash: string;
}

/**
 * The end of a chain: the `seq` and `hash` of its last record. An empty chain is `{ seq: 0, hash:
 * GENESIS_HASH }`.
 */
export interface AuditChainHead {
  seq: number;
  hash: string;
}
