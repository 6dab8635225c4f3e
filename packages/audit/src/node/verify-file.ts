import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type AuditVerification,
  type VerifyOptions,
  verifyAuditLog as verifyRecords,
} from '../index.js';
import { listRotated } from './internal/rotation.js';
import { nodeSha256 } from './node-sha256.js';

/** Options of the file-reading {@link verifyAuditLog}. */
export interface VerifyFileOptions extends VerifyOptions {
  /** With a single path, also verify its rotated files (`<path>.000001`, …) first, as one chain.
   * Default true. */
  rotated?: boolean;
}

async function* linesOf(
  files: readonly string[],
  spans: { file: string; start: number }[],
): AsyncGenerator<string> {
  let index = 0;
  for (const file of files) {
    spans.push({ file, start: index });
    const lines = createInterface({
      input: createReadStream(file),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      index++;
      yield line;
    }
  }
}

/**
 * The files that make up the log at `path`: its rotated files (`<path>.000001`, …), oldest first,
 * then `path` itself.
 *
 * @example
 * ```ts
 * import { auditLogFiles } from '@gatehouse/audit/node';
 * await auditLogFiles('/var/log/gatehouse/audit.log');
 * // ['/var/log/gatehouse/audit.log.000001', '/var/log/gatehouse/audit.log']
 * ```
 */
export async function auditLogFiles(path: string, rotated = true): Promise<string[]> {
  return rotated ? [...(await listRotated(path)).map((entry) => entry.path), path] : [path];
}

/**
 * Verifies files as one chain, in the order given (oldest first). Failures carry `location`
 * (`file:line`). A file that cannot be read rejects with the file system error.
 *
 * @example
 * ```ts
 * import { verifyAuditFiles } from '@gatehouse/audit/node';
 *
 * const verdict = await verifyAuditFiles(['archive/audit.log.000001', 'audit.log'], { partial: true });
 * ```
 */
export async function verifyAuditFiles(
  paths: readonly string[],
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  if (!Array.isArray(paths) || !paths.every((path) => typeof path === 'string')) {
    throw new TypeError('verifyAuditFiles: paths must be an array of strings');
  }
  const spans: { file: string; start: number }[] = [];
  const verdict = await verifyRecords(linesOf(paths, spans), { sha256: nodeSha256, ...options });
  if (verdict.ok) return verdict;
  const span = spans.findLast((s) => s.start <= verdict.failure.index) ?? spans.at(-1);
  if (span !== undefined) {
    verdict.failure.location = `${span.file}:${verdict.failure.index - span.start + 1}`;
  }
  return verdict;
}

/**
 * The core `verifyAuditLog`, which also takes a file: a path (string or file URL) is read with its
 * rotated files (`<path>.000001`, … first, unless `rotated: false`) as one chain; records and lines
 * go to the core verifier.
 *
 * @example
 * ```ts
 * import { verifyAuditLog } from '@gatehouse/audit/node';
 *
 * const verdict = await verifyAuditLog('/var/log/gatehouse/audit.log');
 * if (!verdict.ok) console.error(verdict.failure.code, verdict.failure.location);
 * ```
 */
export async function verifyAuditLog(
  source: string | URL | Iterable<unknown> | AsyncIterable<unknown>,
  options: VerifyFileOptions = {},
): Promise<AuditVerification> {
  const { rotated = true, ...verifyOptions } = options;
  if (typeof source === 'string' || source instanceof URL) {
    const path = typeof source === 'string' ? source : fileURLToPath(source);
    return verifyAuditFiles(await auditLogFiles(path, rotated), verifyOptions);
  }
  return verifyRecords(source, { sha256: nodeSha256, ...verifyOptions });
}
