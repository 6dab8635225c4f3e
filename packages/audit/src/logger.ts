import { AuditError } from './errors.js';
import type { AuditChainHead, AuditEventInput } from './event.js';
import { buildEvent, type PendingRecord } from './internal/build-event.js';
import { ChainWriter } from './internal/chain-writer.js';
import { resolveLoggerOptions } from './internal/logger-options.js';
import { openFailure, type Reporter, SinkSet } from './internal/sink-set.js';
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
   * that awaits it is held back (up to `maxBlockedWaiters` events wait; beyond, they are dropped as
   * under `'drop'`). Default `'drop'`: the request path is never held up. */
  whenFull?: 'drop' | 'block';
  /** Under `whenFull: 'block'`, most events waiting for room (callers that do not await
   * `record()` add one each, without bound otherwise); beyond, events are dropped and counted as
   * under `'drop'`. Default 1,000; 0 drops as soon as the queue is full. Ignored under `'drop'`. */
  maxBlockedWaiters?: number;
  /** Most records per sink write. Default 256. */
  batchSize?: number;
  /** Milliseconds an event may wait in the queue for the next sink write; a full batch is written at
   * once. Under load, each write then carries the events of this interval instead of one or two (a
   * file sink makes one system call per write). Default 10; `flush()` and `close()` never wait. */
  drainDelayMs?: number;
  /** A faster synchronous SHA-256 (hex of the UTF-8 of a string) for the chain, such as `nodeSha256`
   * from `@gatehouse/audit/node`. Checked against known answers at construction. Default: the
   * built-in pure implementation, which runs anywhere. */
  sha256?: (data: string) => string;
}

/** Counters since the logger was made. */
export interface AuditLoggerStats {
  /** Events accepted into the queue. */
  recorded: number;
  /** Records at least one sink wrote (a batch every sink failed to write is not counted). */
  written: number;
  /** Records every sink failed to write (chained, so the gap shows in the log, but in no sink). */
  unwritten: number;
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
  /** Resolves once every sink has opened; rejects with an `AuditError` `ERR_AUDIT_SINK_OPEN`
   * (its `sink` names the sink) if any failed, so that an app can refuse to start without its audit
   * log. The logger works either way: a sink that failed to open fails each write, reported through
   * `onError`, and the other sinks go on. Await it at startup. */
  ready(): Promise<void>;
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
  const resolved = resolveLoggerOptions(options);
  const { onError } = resolved;
  const redactor = createRedactor(resolved.redact);
  const report: Reporter = (error) => {
    try {
      onError(error);
    } catch {
      // an error handler that throws must not take the logger down
    }
  };
  const writer = new ChainWriter(new SinkSet(resolved.sinks, report), { ...resolved, report });
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
    async ready(): Promise<void> {
      const failures = await writer.opened();
      if (failures.length > 0) throw openFailure(failures);
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
