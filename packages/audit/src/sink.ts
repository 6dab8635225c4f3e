import type { AuditChainHead, AuditRecord } from './event.js';

/**
 * Records handed to a sink at once, in chain order, with their JSON lines (one per record, no
 * newline; the canonical form with `hash` first). Frozen: every sink gets the same batch.
 */
export interface AuditBatch {
  readonly records: readonly AuditRecord[];
  readonly lines: readonly string[];
}

/**
 * What a sink found when it opened: the head of the chain it already holds (so a restarted logger
 * continues the chain), and the bytes of an incomplete last record it cut off (a torn write from a
 * crash; never an acknowledged record).
 */
export interface AuditSinkState {
  head?: AuditChainHead;
  truncatedBytes?: number;
}

/**
 * Where records go. Implement this to ship records anywhere (a database, a queue, a SIEM). The logger
 * calls `open` once, then `write` with one batch at a time (never concurrently), `flush` when its own
 * `flush()` is called and `close` once. A rejection from any of them reaches the logger's `onError`
 * with a coded {@link AuditError}; the logger goes on with the next batch.
 *
 * @example
 * ```ts
 * import type { AuditSink } from '@gatehouse/audit';
 *
 * const httpSink: AuditSink = {
 *   name: 'siem',
 *   async write(batch) {
 *     const response = await fetch('https://siem.example/ingest', {
 *       method: 'POST',
 *       headers: { 'content-type': 'application/x-ndjson' },
 *       body: `${batch.lines.join('\n')}\n`,
 *     });
 *     if (!response.ok) throw new Error(`siem answered ${response.status}`);
 *   },
 * };
 * ```
 */
export interface AuditSink {
  /** A short name for error reports. */
  readonly name: string;
  open?(): AuditSinkState | undefined | Promise<AuditSinkState | undefined>;
  /** Resolves once the batch is written (durably, if the sink promises durability). */
  write(batch: AuditBatch): void | Promise<void>;
  flush?(): void | Promise<void>;
  close?(): void | Promise<void>;
}
