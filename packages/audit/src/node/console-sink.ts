import { type DestinationStream, pino } from 'pino';
import type { AuditSink } from '../index.js';

/** Options of {@link consoleSink}. */
export interface ConsoleSinkOptions {
  /** Where lines go. Default: `pino.destination({ dest: 1, sync: false })`, stdout through pino's
   * asynchronous, buffered writer. */
  destination?: DestinationStream;
}

interface Flushable {
  flush?: (callback?: (error?: Error | null) => void) => void;
}

/**
 * A sink that writes JSON lines (the same lines as the file sink, so they verify the same way) to
 * stdout through pino's destination, for containers whose log collector reads stdout.
 *
 * @example
 * ```ts
 * import { createAuditLogger } from '@gatehouse/audit';
 * import { consoleSink, nodeSha256 } from '@gatehouse/audit/node';
 *
 * const logger = createAuditLogger({ sinks: [consoleSink()], sha256: nodeSha256 });
 * ```
 */
export function consoleSink(options: ConsoleSinkOptions = {}): AuditSink {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: false });
  return {
    name: 'console',
    write(batch) {
      destination.write(`${batch.lines.join('\n')}\n`);
    },
    flush() {
      const flushable = destination as Flushable;
      if (typeof flushable.flush !== 'function') return;
      return new Promise<void>((resolve, reject) => {
        flushable.flush?.((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
