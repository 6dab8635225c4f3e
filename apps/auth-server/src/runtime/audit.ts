import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type AuditLogger, type AuditSink, createAuditLogger } from '@gatehouse/audit';
import { fileSink, nodeSha256 } from '@gatehouse/audit/node';
import type { Logger } from 'pino';
import type { AuditStore } from '../store/types.js';

/** A sink that keeps every audit record in the database too (`store.audit.append`). */
export function storeSink(store: Pick<AuditStore, 'append'>): AuditSink {
  return { name: 'store', write: (batch) => store.append(batch.records) };
}

/**
 * The server's audit logger: a file sink (`auditFile`, mode 0600, `fdatasync` every 200 ms so a
 * request never waits on the disk) and the store sink, chained with `node:crypto` SHA-256. Sink
 * failures are logged, never thrown at a request.
 */
export function createServerAudit(options: {
  auditFile: string;
  store: Pick<AuditStore, 'append'>;
  log: Logger;
}): AuditLogger {
  mkdirSync(dirname(options.auditFile), { recursive: true });
  return createAuditLogger({
    sinks: [
      fileSink(options.auditFile, { fsync: 'interval', intervalMs: 200 }),
      storeSink(options.store),
    ],
    sha256: nodeSha256,
    onError: (error) => options.log.error({ code: error.code, err: error }, 'audit sink failure'),
  });
}

/**
 * Saves the chain head in the database when it moved (`store.audit.saveHead`), so a log rewritten
 * later fails `gatehouse-audit verify --anchor <seq>:<hash>` against it.
 */
export function createHeadSaver(
  audit: Pick<AuditLogger, 'head' | 'flush'>,
  store: Pick<AuditStore, 'saveHead'>,
  now: () => number,
) {
  let saved = -1;
  return async function saveHead(): Promise<void> {
    await audit.flush();
    const head = audit.head();
    if (head.seq === saved) return;
    await store.saveHead({ seq: head.seq, hash: head.hash, savedAt: now() });
    saved = head.seq;
  };
}
