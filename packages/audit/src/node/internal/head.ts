import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type AuditChainHead, AuditError } from '../../index.js';

const HEX64 = /^[0-9a-f]{64}$/;

/** The chain head a file's last line carries; `AuditError` when it is not a record. */
export function parseHead(line: string): AuditChainHead {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    throw new AuditError('ERR_AUDIT_SINK_OPEN', 'the last line of the file is not JSON', { cause });
  }
  const { seq, hash } = (value ?? {}) as { seq?: unknown; hash?: unknown };
  if (
    !Number.isSafeInteger(seq) ||
    (seq as number) < 1 ||
    typeof hash !== 'string' ||
    !HEX64.test(hash)
  ) {
    throw new AuditError('ERR_AUDIT_SINK_OPEN', 'the last line of the file is not an audit record');
  }
  return { seq: seq as number, hash };
}

/** fsync on the directory of `path`, so a rename or a new file survives a crash (best effort). */
export async function syncDirectory(path: string): Promise<void> {
  let directory: Awaited<ReturnType<typeof open>> | undefined;
  try {
    directory = await open(dirname(path), 'r');
    await directory.sync();
  } catch {
    // not supported on every platform (Windows); the data itself is already synced
  } finally {
    await directory?.close().catch(() => undefined);
  }
}
