import { resolveOptions } from '@gatehouse/errors';
import { AuditError } from './errors.js';
import type { AuditChainHead, AuditEventInput } from './event.js';
import { buildEvent, type PendingRecord } from './internal/build-event.js';
import { ChainWriter } from './internal/chain-writer.js';
import { checkedSha256 } from './internal/digest.js';
import { type Reporter, SinkSet } from './internal/sink-set.js';
import { createRedactor, type RedactionOptions } from './redact.js';
import type { AuditSink } from './sink.js';

/** Options of {@link createAuditLogger}. */
export interface AuditLoggerOptions {
  /** Where records go; at least one. */
  sinks: readonly AuditSink[];
  /** Rules added to the built-in redaction (which cannot be turned off). */
  redact?: RedactionOptions;
  /** Receives every failure the logger swallows to keep the request path safe. Default: `console.error`
   * of the code and message. */
  onError?: (error: AuditError) => void;
  /** Events the queue holds before `whenFull` applies. Default 10,000. */
  queueSize?: number;
  /** When the queue is full: `'drop'` the event (counted, reported once per episode through
   * `onError`, and recorded as an `audit.dropped` event with the count once there is room), or
   * `'block'`: `record()` returns a promise that resolves when the event is in the queue, so a caller
   * that awaits it is held back. Default `'drop'`: the request path is never held up. */
  whenFull?: 'drop' | 'block';
  /** Most records per sink write. Default 256. */
  batchSize?: number;
  /** A faster synchronous SHA-256 (hex of the UTF-8 of a string) for the chain, such as `nodeSha256`
   * from `@gatehouse/audit/node`. Checked against known answers at construction. Default: the
   * built-in pure implementation, which runs anywhere. */
  sha256?: (data: string) => string;
}

/** Counters since the logger was made. */
export interface AuditLoggerStats {
  /** Events accepted into the queue. */
  recorded: number;
  /** Records handed to the sinks (whatever the sinks made of them). */
  written: number;
  /** Events dropped: queue full under `'drop'`, recorded after `close()`, or not hashable (a
   * caller-supplied `sha256` that threw). */
  dropped: number;
  /** Inputs refused as malformed. */
  invalid: number;
  /** Sink writes that failed (one per sink and batch). */
  failedWrites: number;
  /** Events in the queue now, and waiting for room under `'block'`. */
  queued: number;
}

/** An audit logger. See {@link createAuditLogger}. */
export interface AuditLogger {
  /** Records an event. Never throws; see `whenFull` for what the promise means. */
  record(event: AuditEventInput): Promise<void>;
  /** Resolves once every event recorded before the call is written by every sink and the sinks have
   * flushed (for a file sink with `fsync: 'always'`: on disk). */
  flush(): Promise<void>;
  /** Flushes, then closes the sinks. Later events are dropped and reported. */
  close(): Promise<void>;
  /** The last record written: its `seq` and `hash` (publish it somewhere else to anchor the chain). */
  head(): AuditChainHead;
  stats(): AuditLoggerStats;
}

const RESOLVED: Promise<void> = Promise.resolve();

function defaultOnError(error: AuditError): void {
  console.error(`[gatehouse/audit] ${error.code}: ${error.message}`);
}

/**
 * An audit logger: `record()` checks, stamps (UUIDv7 `id`, `time`) and redacts the event on the
 * caller's side, then queues it; the chain (`seq`, `prev`, `hash`) is computed and the sinks are
 * written off the caller's path, in batches, in order.
 *
 * @example
 * ```ts
 * import { createAuditLogger, memorySink } from '@gatehouse/audit';
 *
 * const logger = createAuditLogger({ sinks: [memorySink()], whenFull: 'drop' });
 * logger.record({
 *   type: 'token.issued',
 *   actor: { sub: 'user-1', clientId: 'https://app.example/client.json' },
 *   target: { type: 'token', id: 'jti-1' },
 *   details: { scope: 'mcp:tools', access_token: 'eyJ…' }, // the token becomes [redacted:…]
 * });
 * await logger.close();
 * ```
 */
export function createAuditLogger(options: AuditLoggerOptions): AuditLogger {
  const resolved = resolveOptions<AuditLoggerOptions>('createAuditLogger', options, {
    defaults: {
      sinks: undefined,
      redact: undefined,
      onError: defaultOnError,
      queueSize: 10_000,
      whenFull: 'drop',
      batchSize: 256,
      sha256: undefined,
    },
    required: ['sinks'],
  });
  const { sinks, onError, whenFull } = resolved;
  const queueSize = resolved.queueSize as number;
  const batchSize = resolved.batchSize as number;
  if (!Array.isArray(sinks) || sinks.length === 0 || !sinks.every(isSink)) {
    throw new TypeError('createAuditLogger: "sinks" must be a non-empty array of sinks');
  }
  for (const [name, value] of [
    ['queueSize', queueSize],
    ['batchSize', batchSize],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`createAuditLogger: "${name}" must be a positive integer`);
    }
  }
  if (whenFull !== 'drop' && whenFull !== 'block') {
    throw new TypeError('createAuditLogger: "whenFull" must be "drop" or "block"');
  }
  if (typeof onError !== 'function') {
    throw new TypeError('createAuditLogger: "onError" must be a function');
  }
  const sha256 = checkedSha256('createAuditLogger', resolved.sha256);
  const redactor = createRedactor(resolved.redact);
  const report: Reporter = (error) => {
    try {
      (onError as (error: AuditError) => void)(error);
    } catch {
      // an error handler that throws must not take the logger down
    }
  };
  const writer = new ChainWriter(new SinkSet(sinks, report), {
    queueSize,
    batchSize,
    whenFull,
    report,
    sha256,
  });
  let closed = false;
  let invalid = 0;

  return Object.freeze({
    record(input: AuditEventInput): Promise<void> {
      if (closed) {
        writer.countDropped();
        report(new AuditError('ERR_AUDIT_LOGGER_CLOSED', 'event recorded after close(); dropped'));
        return RESOLVED;
      }
      let event: PendingRecord;
      try {
        event = buildEvent(input, redactor);
      } catch (cause) {
        invalid++;
        report(new AuditError('ERR_AUDIT_EVENT_INVALID', 'event refused', { cause }));
        return RESOLVED;
      }
      return writer.enqueue(event) ?? RESOLVED;
    },
    flush: () => writer.flush(),
    async close(): Promise<void> {
      if (closed) return writer.closed();
      closed = true;
      await writer.close();
    },
    head: () => writer.head(),
    stats: () => ({ ...writer.stats(), invalid }),
  });
}

function isSink(value: unknown): value is AuditSink {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AuditSink).name === 'string' &&
    typeof (value as AuditSink).write === 'function'
  );
}
