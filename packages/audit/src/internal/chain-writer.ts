import { GENESIS_HASH } from '../chain.js';
import { AuditError } from '../errors.js';
import type { AuditChainHead, AuditRecord } from '../event.js';
import { type PendingRecord, systemEvent } from './build-event.js';
import { chainEvent } from './chain-event.js';
import type { Sha256Hex } from './digest.js';
import type { Reporter, SinkSet } from './sink-set.js';

interface Waiter {
  event: PendingRecord;
  resolve: () => void;
}

/**
 * The bounded queue and the drain loop: events wait in the queue; the drain (started on a timer, so
 * off the caller's path, or at once by `flush()`) takes a batch, chains it and writes it to every
 * sink, one batch at a time, in order.
 */
export class ChainWriter {
  readonly #sinks: SinkSet;
  readonly #queueSize: number;
  readonly #batchSize: number;
  readonly #drainDelayMs: number;
  readonly #whenFull: 'drop' | 'block';
  readonly #maxBlockedWaiters: number;
  readonly #report: Reporter;
  readonly #sha256: Sha256Hex;
  readonly #opened: Promise<readonly AuditError[]>;
  #queue: PendingRecord[] = [];
  #waiters: Waiter[] = [];
  #head: AuditChainHead = { seq: 0, hash: GENESIS_HASH };
  #written: AuditChainHead = this.#head;
  #draining: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether `#timer` was set for a full batch (no delay). */
  #timerFull = false;
  #closing: Promise<void> | undefined;
  #unreportedDrops = 0;
  #counts = { recorded: 0, written: 0, unwritten: 0, dropped: 0, failedWrites: 0 };

  constructor(
    sinks: SinkSet,
    options: {
      queueSize: number;
      batchSize: number;
      drainDelayMs: number;
      whenFull: 'drop' | 'block';
      maxBlockedWaiters: number;
      report: Reporter;
      sha256: Sha256Hex;
    },
  ) {
    this.#sinks = sinks;
    this.#queueSize = options.queueSize;
    this.#batchSize = options.batchSize;
    this.#drainDelayMs = options.drainDelayMs;
    this.#whenFull = options.whenFull;
    this.#maxBlockedWaiters = options.maxBlockedWaiters;
    this.#report = options.report;
    this.#sha256 = options.sha256;
    this.#opened = sinks.open().then(({ head, notices, failures }) => {
      this.#head = head;
      this.#written = head;
      for (const notice of notices) this.#queue.push(notice);
      if (notices.length > 0) this.#schedule();
      return failures;
    });
  }

  /** Resolves once every sink has opened, to the failures (empty when all opened). */
  opened(): Promise<readonly AuditError[]> {
    return this.#opened;
  }

  /** Queues `event`; a promise only when it has to wait for room (`whenFull: 'block'`). */
  enqueue(event: PendingRecord): Promise<void> | undefined {
    if (this.#waiters.length === 0 && this.#queue.length < this.#queueSize) {
      this.#queue.push(event);
      this.#counts.recorded++;
      this.#schedule();
      return undefined;
    }
    // under 'block', callers that do not await would pile up without bound: past the bound, drop
    if (this.#whenFull === 'drop' || this.#waiters.length >= this.#maxBlockedWaiters) {
      this.countDropped();
      if (this.#unreportedDrops++ === 0) {
        this.#report(new AuditError('ERR_AUDIT_QUEUE_FULL', 'audit queue full; dropping events'));
      }
      return undefined;
    }
    this.#schedule();
    return new Promise((resolve) => this.#waiters.push({ event, resolve }));
  }

  countDropped(): void {
    this.#counts.dropped++;
  }

  head(): AuditChainHead {
    return { ...this.#written };
  }

  stats(): {
    recorded: number;
    written: number;
    unwritten: number;
    dropped: number;
    failedWrites: number;
    queued: number;
  } {
    return { ...this.#counts, queued: this.#queue.length + this.#waiters.length };
  }

  async flush(): Promise<void> {
    await this.#opened;
    while (this.#queue.length > 0 || this.#waiters.length > 0 || this.#draining !== undefined) {
      await this.#start();
    }
    await this.#sinks.flush();
  }

  close(): Promise<void> {
    this.#closing ??= this.flush().then(() => this.#sinks.close());
    return this.#closing;
  }

  closed(): Promise<void> {
    return this.#closing ?? this.close();
  }

  /** Starts the next drain after `drainDelayMs`, or on the next turn once a batch is full. */
  #schedule(): void {
    if (this.#draining !== undefined) return;
    // a full batch, or events waiting for room (a queue smaller than a batch): no reason to wait
    const full = this.#queue.length >= this.#batchSize || this.#waiters.length > 0;
    if (this.#timer !== undefined) {
      if (!full || this.#timerFull) return;
      clearTimeout(this.#timer);
    }
    this.#timerFull = full;
    this.#timer = setTimeout(() => void this.#start(), full ? 0 : this.#drainDelayMs);
  }

  #start(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
      // an event queued after the loop's last look, but before this ran, still needs a drain
      if (this.#queue.length > 0) this.#schedule();
    });
    return this.#draining;
  }

  /**
   * Writes batches while full ones wait; a partial batch is written and the rest left to the next
   * timer (see `#start`), so that under load each sink write carries many events rather than one.
   */
  async #drain(): Promise<void> {
    await this.#opened;
    let more = this.#queue.length > 0;
    while (more) {
      const events = this.#take();
      const records: AuditRecord[] = [];
      const lines: string[] = [];
      let head = this.#head;
      for (const event of events) {
        let chained: ReturnType<typeof chainEvent>;
        try {
          chained = chainEvent(event, head, this.#sha256);
        } catch (cause) {
          // only a caller-supplied sha256 that throws can get here; the chain stays intact
          this.countDropped();
          this.#report(
            new AuditError('ERR_AUDIT_EVENT_INVALID', 'event could not be chained', { cause }),
          );
          continue;
        }
        head = { seq: chained.record.seq, hash: chained.record.hash };
        records.push(chained.record);
        lines.push(chained.line);
      }
      this.#head = head;
      if (records.length === 0) {
        more = this.#queue.length > 0;
        continue;
      }
      const failures = await this.#sinks.write(Object.freeze({ records, lines }));
      this.#counts.failedWrites += failures;
      if (failures < this.#sinks.size) {
        // at least one sink holds these records
        this.#counts.written += records.length;
        this.#written = head;
      } else {
        this.#counts.unwritten += records.length;
      }
      more = this.#queue.length >= this.#batchSize;
    }
  }

  /** Takes the next batch, then lets waiting events in and reports drops, now that there is room. */
  #take(): PendingRecord[] {
    let events: PendingRecord[];
    if (this.#queue.length <= this.#batchSize) {
      events = this.#queue;
      this.#queue = [];
    } else {
      events = this.#queue.splice(0, this.#batchSize);
    }
    while (this.#waiters.length > 0 && this.#queue.length < this.#queueSize) {
      const waiter = this.#waiters.shift() as Waiter;
      this.#queue.push(waiter.event);
      this.#counts.recorded++;
      waiter.resolve();
    }
    // after every event that waited (recorded before the drops), so ids stay in order
    if (this.#unreportedDrops > 0 && this.#waiters.length === 0) {
      this.#queue.push(systemEvent('audit.dropped', { count: this.#unreportedDrops }));
      this.#unreportedDrops = 0;
    }
    return events;
  }
}
