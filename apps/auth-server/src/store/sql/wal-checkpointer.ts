import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints (a PASSIVE checkpoint of nothing new costs a few system calls). */
export const CHECKPOINT_INTERVAL_MS = 200;

/**
 * The WAL size (in pages) at which a committing connection checkpoints by itself, SQLite's automatic
 * checkpoint: a backstop, reached only if the worker falls behind or is gone (SQLite's default is
 * 1,000 pages; the worker keeps the WAL far below this one).
 */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;

/**
 * The worker, an ES module run from a `data:` URL: it needs no file of its own in the build, and it
 * is a module whatever the process was started with (`--input-type`, say). The driver is loaded from
 * the path the parent resolved (a `data:` URL has no folder to resolve packages from).
 */
const WORKER_SOURCE = `
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
const Database = createRequire(workerData.driver)(workerData.driver);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage(String(error?.message));
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;
const WORKER_URL = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);

/** Stops a {@link startWalCheckpointer} worker. */
export interface WalCheckpointer {
  /** Stops the worker and closes its connection; resolves once the thread has ended. */
  close(): Promise<void>;
}

/**
 * Takes WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
 * takes the WAL past 1,000 pages, on the committing thread: it copies the pages into the database
 * file and syncs it. Under load that is a stall of several milliseconds every few hundred commits,
 * and about half of what a commit costs on average. Here a worker thread, with its own connection to
 * the same file, runs a PASSIVE checkpoint every {@link CHECKPOINT_INTERVAL_MS} (readers and writers
 * never wait for it), and the connection's own automatic checkpoint moves up to
 * {@link BACKSTOP_CHECKPOINT_PAGES}. Durability is unchanged: commits reach the WAL exactly as
 * before, and what `synchronous = NORMAL` syncs, the checkpoint still syncs.
 *
 * A failing checkpoint is reported once as a process warning; the backstop keeps the WAL bounded.
 */
export function startWalCheckpointer(
  connection: { pragma(source: string): unknown },
  path: string,
  busyTimeoutMs: number,
): WalCheckpointer {
  connection.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const worker = new Worker(WORKER_URL, {
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      busyTimeoutMs,
      intervalMs: CHECKPOINT_INTERVAL_MS,
    },
  });
  // while it runs, the thread does not keep the process alive
  worker.unref();
  let warned = false;
  const warn = (message: string) => {
    if (warned) return;
    warned = true;
    process.emitWarning(`SQLite WAL checkpoints in the background failed: ${message}`, {
      code: 'GATEHOUSE_WAL_CHECKPOINT',
    });
  };
  worker.on('message', (message: string) => warn(message));
  worker.on('error', (error) => warn(error.message));
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    close() {
      // referenced again, or a process with nothing else left to do would exit before the thread ends
      worker.ref();
      worker.postMessage('close');
      return ended;
    },
  };
}
