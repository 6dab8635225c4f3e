import { type FileHandle, open, rename } from 'node:fs/promises';
import { resolveOptions } from '@gatehouse/errors';
import { AuditError, type AuditSink, type AuditSinkState } from '../index.js';
import { checkSinkPath } from './internal/check-path.js';
import { parseHead, syncDirectory } from './internal/head.js';
import { listRotated, rotatedName } from './internal/rotation.js';
import { isTornRecord, readTail } from './internal/tail.js';

/** Options of {@link fileSink}. */
export interface FileSinkOptions {
  /** When written data is forced to disk (`fdatasync`): `'always'` before each write is acknowledged
   * (what `logger.flush()` waits for), `'interval'` every `intervalMs` (a crash loses at most that
   * window), `'never'` left to the operating system. Default `'always'`. */
  fsync?: 'always' | 'interval' | 'never';
  /** Milliseconds between syncs under `'interval'`. Default 1000. */
  intervalMs?: number;
  /** Size in bytes after which the file is rotated to `<path>.000001`, `<path>.000002`, … (oldest
   * first); the chain continues in the new file. Default 100 MiB. */
  maxBytes?: number;
  /** File mode for new files. Default `0o600`: audit logs hold personal data. */
  mode?: number;
}

/** A file sink: its path, the file it writes now, and what is still to sync. */
class FileSink implements AuditSink {
  readonly name: string;
  readonly #path: string;
  readonly #options: Required<FileSinkOptions>;
  #file: FileHandle | undefined;
  #size = 0;
  #dirty = false;
  #nextIndex = 1;
  #timer: NodeJS.Timeout | undefined;
  #ops: Promise<unknown> = Promise.resolve();
  #syncError: AuditError | undefined;

  constructor(path: string, options: Required<FileSinkOptions>) {
    this.name = `file:${path}`;
    this.#path = path;
    this.#options = options;
  }

  /** Runs `op` after every earlier file operation (writes, syncs and rotations never overlap). */
  #serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.#ops.then(op, op);
    this.#ops = next.catch(() => undefined);
    return next;
  }

  open(): Promise<AuditSinkState> {
    return this.#serial(async () => {
      const rotated = await listRotated(this.#path);
      this.#nextIndex = (rotated.at(-1)?.index ?? 0) + 1;
      const file = await open(this.#path, 'a+', this.#options.mode);
      this.#file = file;
      if (this.#options.fsync === 'interval') {
        this.#timer = setInterval(
          () =>
            void this.#sync().catch((cause: unknown) => {
              // kept for the next write or flush to report: never swallowed
              this.#syncError ??= new AuditError(
                'ERR_AUDIT_SINK_FLUSH',
                'a periodic fdatasync failed; records written before it may not be on disk',
                { cause },
              );
            }),
          this.#options.intervalMs,
        );
        this.#timer.unref();
      }
      const { size } = await file.stat();
      if (size === 0 && this.#options.fsync !== 'never') await syncDirectory(this.#path);
      let tail: Awaited<ReturnType<typeof readTail>>;
      try {
        tail = await readTail(file, size);
        if (!(await isTornRecord(file, tail.end, size))) {
          throw new Error('the file ends in bytes that are not an audit record');
        }
      } catch (cause) {
        // not a log this sink wrote: leave it as it is, and write nothing after its last byte
        this.#file = undefined;
        await file.close();
        throw new AuditError('ERR_AUDIT_SINK_OPEN', `cannot continue "${this.#path}"`, { cause });
      }
      const { end, lastLine } = tail;
      let truncatedBytes = 0;
      if (end < size) {
        // a torn write from a crash: never acknowledged, never parseable; cut it off
        await file.truncate(end);
        await file.datasync();
        truncatedBytes = size - end;
      }
      this.#size = end;
      let head = lastLine === undefined ? undefined : parseHead(lastLine);
      const previous = rotated.at(-1);
      if (head === undefined && end === 0 && previous !== undefined) {
        const old = await open(previous.path, 'r');
        try {
          const tail = await readTail(old, (await old.stat()).size);
          head = tail.lastLine === undefined ? undefined : parseHead(tail.lastLine);
        } finally {
          await old.close();
        }
      }
      const state: AuditSinkState = {};
      if (head !== undefined) state.head = head;
      if (truncatedBytes > 0) state.truncatedBytes = truncatedBytes;
      return state;
    });
  }

  write(batch: { readonly lines: readonly string[] }): Promise<void> {
    return this.#serial(async () => {
      const file = this.#file;
      if (file === undefined) throw new AuditError('ERR_AUDIT_SINK_WRITE', 'file sink is not open');
      const data = Buffer.from(`${batch.lines.join('\n')}\n`, 'utf8');
      if (this.#size > 0 && this.#size + data.length > this.#options.maxBytes) await this.#rotate();
      const target = this.#file as FileHandle;
      let written = 0;
      try {
        while (written < data.length) {
          written += (await target.write(data, written, data.length - written)).bytesWritten;
        }
      } catch (error) {
        // a failed write may still have put part of the batch on disk (disk full), which would leave
        // a torn line before the next batch: cut the file back to its last complete record
        await target.truncate(this.#size).catch(() => undefined);
        throw error;
      }
      this.#size += data.length;
      this.#dirty = true;
      if (this.#options.fsync === 'always') await this.#syncNow();
      this.#throwSyncError();
    });
  }

  /** Reports (once) a failed periodic sync, after the batch at hand is written. */
  #throwSyncError(): void {
    const error = this.#syncError;
    this.#syncError = undefined;
    if (error !== undefined) throw error;
  }

  /** Closes the full file under its rotated name and starts an empty one. */
  async #rotate(): Promise<void> {
    const file = this.#file as FileHandle;
    if (this.#options.fsync !== 'never') await file.datasync();
    await file.close();
    this.#file = undefined;
    try {
      await rename(this.#path, rotatedName(this.#path, this.#nextIndex));
      this.#nextIndex++;
    } finally {
      // if the rename failed, go on with the same file (this batch is reported as failed)
      const next = await open(this.#path, 'a+', this.#options.mode);
      this.#file = next;
      this.#size = (await next.stat()).size;
      this.#dirty = false;
    }
    if (this.#options.fsync !== 'never') await syncDirectory(this.#path);
  }

  async #syncNow(): Promise<void> {
    if (!this.#dirty || this.#file === undefined) return;
    this.#dirty = false;
    try {
      await this.#file.datasync();
    } catch (error) {
      this.#dirty = true;
      throw error;
    }
  }

  #sync(): Promise<void> {
    return this.#serial(() => this.#syncNow());
  }

  async flush(): Promise<void> {
    await this.#serial(async () => this.#throwSyncError());
  }

  close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    return this.#serial(async () => {
      if (this.#options.fsync !== 'never') await this.#syncNow();
      await this.#file?.close();
      this.#file = undefined;
    });
  }
}

/**
 * A sink that appends JSON lines (one record per line, `hash` first) to `path`, opened for append
 * with mode `0o600`. On open it continues the chain from the last record in the file (or in the last
 * rotated file), and cuts off a torn last line left by a crash, which the logger then records as an
 * `audit.recovered` event. Rotates by size; the chain runs on across files.
 *
 * Throws `AuditError` `ERR_AUDIT_SINK_OPEN` (with `sink` set to `file:<path>`) at once if the
 * directory does not exist, or the file can be neither created nor written, so a wrong path stops
 * the app at startup; what only opening can find (a file that ends in something other than a
 * record) makes `logger.ready()` reject.
 *
 * @example
 * ```ts
 * import { createAuditLogger } from '@gatehouse/audit';
 * import { fileSink, nodeSha256 } from '@gatehouse/audit/node';
 *
 * const logger = createAuditLogger({
 *   sinks: [fileSink('audit.log', { fsync: 'interval', intervalMs: 200 })],
 *   sha256: nodeSha256,
 * });
 * await logger.ready(); // rejects if the log cannot be opened
 * ```
 */
export function fileSink(path: string, options: FileSinkOptions = {}): AuditSink {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError('fileSink: path must be a non-empty string');
  }
  const resolved = resolveOptions<FileSinkOptions>('fileSink', options, {
    defaults: { fsync: 'always', intervalMs: 1000, maxBytes: 100 * 1024 * 1024, mode: 0o600 },
  }) as Required<FileSinkOptions>;
  if (!['always', 'interval', 'never'].includes(resolved.fsync)) {
    throw new TypeError('fileSink: "fsync" must be "always", "interval" or "never"');
  }
  for (const key of ['intervalMs', 'maxBytes', 'mode'] as const) {
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] < (key === 'mode' ? 0 : 1)) {
      throw new TypeError(`fileSink: "${key}" must be a positive integer`);
    }
  }
  checkSinkPath(path);
  return new FileSink(path, resolved);
}
