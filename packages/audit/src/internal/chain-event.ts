import { canonicalize } from '../canonicalize.js';
import type { AuditChainHead, AuditRecord } from '../event.js';
import type { PendingRecord } from './build-event.js';
import { unordered } from './canonical-order.js';
import type { Sha256Hex } from './digest.js';

/** A chained record and its JSON line (canonical form with `hash` first, no trailing newline). */
export interface ChainedRecord {
  record: AuditRecord;
  line: string;
}

/**
 * Puts a pending record (built by the logger, keys already in sorted order) at the end of the chain
 * ending at `head`: fills in `seq` and `prev`, serializes (the engine's `JSON.stringify` gives the
 * canonical form for such objects; records the redactor flagged take `canonicalize`), hashes, and
 * adds `hash`. The record is completed in place.
 */
export function chainEvent(
  pending: PendingRecord,
  head: AuditChainHead,
  sha256: Sha256Hex,
): ChainedRecord {
  pending.seq = head.seq + 1;
  pending.prev = head.hash;
  const body = unordered.has(pending) ? canonicalize(pending) : JSON.stringify(pending);
  const hash = sha256(body);
  pending.hash = hash;
  return { record: pending as AuditRecord, line: `{"hash":"${hash}",${body.slice(1)}` };
}
