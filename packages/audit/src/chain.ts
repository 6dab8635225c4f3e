import { canonicalize } from './canonicalize.js';
import type { AuditRecord } from './event.js';
import { pureSha256Hex } from './internal/digest.js';

/**
 * The `prev` of the first record of a chain: 64 zeros.
 *
 * @example
 * ```ts
 * import { GENESIS_HASH } from '@gatehouse/audit';
 * GENESIS_HASH.length; // 64
 * ```
 */
export const GENESIS_HASH: string = '0'.repeat(64);

/**
 * The hash a record must carry: hex SHA-256 over the UTF-8 canonical serialization
 * ({@link canonicalize}) of the record without its `hash` field (so including `seq` and `prev`).
 * `sha256` replaces the built-in implementation (see `nodeSha256` in `@gatehouse/audit/node`).
 *
 * @example
 * ```ts
 * import { computeRecordHash } from '@gatehouse/audit';
 * const valid = computeRecordHash(record) === record.hash;
 * ```
 */
export function computeRecordHash(
  record: Omit<AuditRecord, 'hash'> | AuditRecord,
  sha256: (data: string) => string = pureSha256Hex,
): string {
  const { hash: _ignored, ...rest } = record as AuditRecord;
  return sha256(canonicalize(rest));
}
