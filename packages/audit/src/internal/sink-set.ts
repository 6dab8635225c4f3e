import { GENESIS_HASH } from '../chain.js';
import { AuditError, type AuditErrorCode } from '../errors.js';
import type { AuditChainHead } from '../event.js';
import type { AuditBatch, AuditSink, AuditSinkState } from '../sink.js';
import { type PendingRecord, systemEvent } from './build-event.js';

/** Where the logger sends the failures it swallows. */
export type Reporter = (error: AuditError) => void;

function isHead(value: unknown): value is AuditChainHead {
  const head = value as AuditChainHead | undefined;
  return (
    typeof head === 'object' &&
    head !== null &&
    Number.isSafeInteger(head.seq) &&
    head.seq >= 0 &&
    typeof head.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(head.hash)
  );
}

/** The logger's sinks: every call goes to all of them, and every failure is reported, not thrown. */
export class SinkSet {
  readonly #sinks: readonly AuditSink[];
  readonly #report: Reporter;

  constructor(sinks: readonly AuditSink[], report: Reporter) {
    this.#sinks = sinks;
    this.#report = report;
  }

  /** How many sinks there are. */
  get size(): number {
    return this.#sinks.length;
  }

  /** Calls every sink; reports each failure and resolves to them. */
  async #each(
    code: AuditErrorCode,
    verb: string,
    call: (sink: AuditSink) => unknown,
  ): Promise<AuditError[]> {
    const results = await Promise.allSettled(this.#sinks.map(async (sink) => call(sink)));
    const failures: AuditError[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      const sink = this.#sinks[i]?.name as string;
      const error = new AuditError(code, `sink "${sink}" failed to ${verb}`, {
        cause: result.reason,
        sink,
      });
      failures.push(error);
      this.#report(error);
    });
    return failures;
  }

  /** Opens every sink; the chain continues from the furthest head any sink holds. */
  async open(): Promise<{
    head: AuditChainHead;
    notices: PendingRecord[];
    failures: AuditError[];
  }> {
    let head: AuditChainHead = { seq: 0, hash: GENESIS_HASH };
    let heads = 0;
    const notices: PendingRecord[] = [];
    const failures = await this.#each('ERR_AUDIT_SINK_OPEN', 'open', async (sink) => {
      const state: AuditSinkState | undefined = await sink.open?.();
      if (state === undefined) return;
      if (state.head !== undefined) {
        if (!isHead(state.head)) throw new TypeError('open() returned a malformed head');
        if (heads++ > 0 && (state.head.seq !== head.seq || state.head.hash !== head.hash)) {
          this.#report(
            new AuditError(
              'ERR_AUDIT_SINK_OPEN',
              `sink "${sink.name}" holds a different chain head`,
              { sink: sink.name },
            ),
          );
        }
        if (state.head.seq >= head.seq) head = { seq: state.head.seq, hash: state.head.hash };
      }
      if (state.truncatedBytes !== undefined && state.truncatedBytes > 0) {
        notices.push(
          systemEvent('audit.recovered', { sink: sink.name, truncatedBytes: state.truncatedBytes }),
        );
      }
    });
    return { head, notices, failures };
  }

  /** Writes a batch to every sink; resolves to the number of sinks that failed. */
  async write(batch: AuditBatch): Promise<number> {
    return (await this.#each('ERR_AUDIT_SINK_WRITE', 'write', (sink) => sink.write(batch))).length;
  }

  async flush(): Promise<void> {
    await this.#each('ERR_AUDIT_SINK_FLUSH', 'flush', (sink) => sink.flush?.());
  }

  async close(): Promise<void> {
    await this.#each('ERR_AUDIT_SINK_CLOSE', 'close', (sink) => sink.close?.());
  }
}

/** The error `ready()` rejects with: the one failure, or one naming every sink that failed. */
export function openFailure(failures: readonly AuditError[]): AuditError {
  const [first] = failures as [AuditError, ...AuditError[]];
  if (failures.length === 1) return first;
  const names = failures.map((failure) => `"${failure.sink}"`).join(', ');
  return new AuditError(
    'ERR_AUDIT_SINK_OPEN',
    `${failures.length} sinks failed to open: ${names}`,
    {
      cause: new AggregateError(failures),
      ...(first.sink === undefined ? {} : { sink: first.sink }),
    },
  );
}
