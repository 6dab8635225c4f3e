import type { AuditChainHead, AuditRecord } from './event.js';
import type { AuditSink } from './sink.js';

/** A sink that keeps records in memory (tests, development, short-lived tools). */
export interface MemorySink extends AuditSink {
  /** Every record written so far, in chain order. */
  readonly records: readonly AuditRecord[];
  /** The JSON line of each record, as a file sink would write it. */
  readonly lines: readonly string[];
  /** Forgets everything written so far (the chain head stays, so later records still chain). */
  clear(): void;
}

/**
 * A sink that keeps records in memory. Pass `head` to continue an existing chain.
 *
 * @example
 * ```ts
 * import { createAuditLogger, memorySink, verifyAuditLog } from '@gatehouse/audit';
 *
 * const sink = memorySink();
 * const logger = createAuditLogger({ sinks: [sink] });
 * logger.record({ type: 'token.issued', actor: { sub: 'user-1', clientId: 'app' } });
 * await logger.flush();
 * sink.records[0]?.type; // 'token.issued'
 * (await verifyAuditLog(sink.records)).ok; // true
 * ```
 */
export function memorySink(options: { head?: AuditChainHead } = {}): MemorySink {
  const records: AuditRecord[] = [];
  const lines: string[] = [];
  return {
    name: 'memory',
    records,
    lines,
    open: () => (options.head ? { head: options.head } : undefined),
    write(batch) {
      for (const record of batch.records) records.push(record);
      for (const line of batch.lines) lines.push(line);
    },
    clear() {
      records.length = 0;
      lines.length = 0;
    },
  };
}
