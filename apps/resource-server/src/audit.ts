import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type AuditLogger, createAuditLogger } from '@gatehouse/audit';
import { fileSink, nodeSha256 } from '@gatehouse/audit/node';
import type { Logger } from 'pino';

/**
 * The audit log: hash-chained JSON lines in `file` (mode 0600, created with its directory; on
 * restart the chain continues), `fdatasync` every 200 ms so that no request waits on the disk.
 * Sink failures are logged, never thrown at a request. Verify it with `gatehouse-audit verify <file>`.
 */
export function createServerAudit(file: string, log: Logger): AuditLogger {
  mkdirSync(dirname(file), { recursive: true });
  return createAuditLogger({
    sinks: [fileSink(file, { fsync: 'interval', intervalMs: 200 })],
    sha256: nodeSha256,
    onError: (error) => log.error({ code: error.code, err: error }, 'audit sink failure'),
  });
}
