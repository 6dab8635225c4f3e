import type BetterSqlite3 from 'better-sqlite3';

/**
 * Writes to one SQLite connection, committed in groups: a write runs at once, inside the transaction of
 * the current batch (`BEGIN IMMEDIATE`, opened by the first write of an event-loop turn), and its
 * promise resolves only when that batch has committed, at the end of the turn (`setImmediate`). Every
 * request that wrote during the turn shares one commit, so one set of WAL page writes and lock calls
 * instead of one per statement; what a caller is told was written is on disk (as far as
 * `synchronous = NORMAL` goes) before it is told.
 *
 * A write that throws is undone alone and rejects alone: SQLite undoes a failed statement by itself,
 * and work of several statements (`atomic`) runs in its own savepoint. A failed
 * commit (or an error that makes SQLite abandon the transaction) rejects every write of the batch,
 * none of which had been reported written. The write lock is held from the first write of a turn to
 * the end of that turn, never while the process waits for I/O, so another process waits at most one
 * turn. Reads on the same connection see the batch's writes before they commit; a response that
 * depends on a write always waits for its commit.
 *
 * Other connections of the same process (two stores on one file) would wait on that lock while the
 * event loop that releases it is blocked in their wait: a batch that opens first commits whatever
 * batch another connection of this process holds open.
 */
export interface GroupCommit {
  /**
   * Runs `work` (synchronous statements) in the current batch; resolves with its result once
   * committed. `statements: 'several'` puts it in a savepoint, so that it is undone as a whole.
   */
  write<T>(work: () => T, statements?: 'one' | 'several'): Promise<T>;
  /** Commits the open batch now, if there is one (before the connection closes). */
  flush(): void;
}

interface Batch {
  committed: Promise<void>;
  settle(error?: unknown): void;
}

function openBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const committed = new Promise<void>((onCommit, onFailure) => {
    resolve = onCommit;
    reject = onFailure;
  });
  // a batch that fails while nobody waits on it must not become an unhandled rejection
  committed.catch(() => undefined);
  return { committed, settle: (error) => (error === undefined ? resolve() : reject(error)) };
}

/** The commit of the one batch open in this process, if any (see {@link GroupCommit}). */
let openElsewhere: (() => void) | undefined;

export function createGroupCommit(raw: BetterSqlite3.Database): GroupCommit {
  let current: Batch | undefined;
  // better-sqlite3 turns a transaction function called inside a transaction into a savepoint
  const inSavepoint = raw.transaction((work: () => unknown) => work());

  function commit(batch: Batch): void {
    if (current !== batch) return;
    current = undefined;
    openElsewhere = undefined;
    try {
      raw.exec('COMMIT');
      batch.settle();
    } catch (error) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      batch.settle(error);
    }
  }

  function join(): Batch {
    if (current !== undefined) return current;
    openElsewhere?.();
    raw.exec('BEGIN IMMEDIATE');
    const batch = openBatch();
    current = batch;
    openElsewhere = () => commit(batch);
    setImmediate(() => commit(batch));
    return batch;
  }

  return {
    write<T>(work: () => T, statements: 'one' | 'several' = 'one'): Promise<T> {
      let batch: Batch;
      let result: T;
      try {
        batch = join();
      } catch (error) {
        return Promise.reject(error);
      }
      try {
        result = statements === 'one' ? work() : (inSavepoint(work) as T);
      } catch (error) {
        if (!raw.inTransaction && current === batch) {
          // SQLite rolled the whole transaction back (disk full, I/O error): the batch is lost
          current = undefined;
          openElsewhere = undefined;
          batch.settle(error);
        }
        return Promise.reject(error);
      }
      return batch.committed.then(() => result);
    },
    flush() {
      if (current !== undefined) commit(current);
    },
  };
}
