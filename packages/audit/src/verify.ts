import { canonicalize } from './canonicalize.js';
import { computeRecordHash, GENESIS_HASH } from './chain.js';
import type { AuditErrorCode } from './errors.js';
import type { AuditChainHead, AuditRecord } from './event.js';
import { checkedSha256 } from './internal/digest.js';

/** Options of {@link verifyAuditLog}. */
export interface VerifyOptions {
  /** Accept a log that starts mid-chain (one rotated file, or a set whose oldest files were archived).
   * Default false: the first record must be `seq` 1 with `prev` {@link GENESIS_HASH}. */
  partial?: boolean;
  /** A head recorded elsewhere (from `logger.head()`): the log must reach `seq` and the record there
   * must carry `hash`. Detects a log cut short, or rewritten and re-hashed from some point on; a `partial` log
   * that starts after the anchor is refused, since the anchor cannot vouch for it. */
  anchor?: AuditChainHead;
  /** A faster synchronous SHA-256, as for `createAuditLogger`. */
  sha256?: (data: string) => string;
}

/** The first problem found, and where. */
export interface AuditVerificationFailure {
  code: Extract<AuditErrorCode, `ERR_AUDIT_RECORD_${string}` | `ERR_AUDIT_CHAIN_${string}`>;
  message: string;
  /** Position of the offending record in the input, from 0 (the input's length when the log ends
   * before the anchor). */
  index: number;
  /** Its `seq`, when it could be read. */
  seq?: number;
  /** The `seq` the chain needed at this point. */
  expectedSeq?: number;
  /** `file:line`, when verifying files. */
  location?: string;
}

/**
 * The verdict: how many records verified (all of them when `ok`), the chain's first `seq` and its
 * last verified head, and otherwise the first failure.
 */
export type AuditVerification =
  | { ok: true; count: number; firstSeq: number | undefined; head: AuditChainHead | undefined }
  | {
      ok: false;
      count: number;
      firstSeq: number | undefined;
      head: AuditChainHead | undefined;
      failure: AuditVerificationFailure;
    };

const HEX64 = /^[0-9a-f]{64}$/;

/** The line a chain writer makes of `record`: canonical JSON with `hash` moved first. */
function canonicalLine(record: AuditRecord): string {
  const { hash, ...rest } = record;
  return `{"hash":"${hash}",${canonicalize(rest).slice(1)}`;
}

function parse(item: unknown): AuditRecord | string {
  let value = item;
  if (typeof item === 'string') {
    try {
      value = JSON.parse(item);
    } catch {
      return 'not JSON';
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const record = value as Partial<AuditRecord>;
  if (!Number.isSafeInteger(record.seq) || (record.seq as number) < 1) return 'bad seq';
  if (typeof record.prev !== 'string' || !HEX64.test(record.prev)) return 'bad prev';
  if (typeof record.hash !== 'string' || !HEX64.test(record.hash)) return 'bad hash';
  for (const field of ['id', 'time', 'type', 'outcome'] as const) {
    if (typeof record[field] !== 'string') return `bad ${field}`;
  }
  return record as AuditRecord;
}

/**
 * Verifies a chain of records (objects, or JSON lines as a file sink writes them), in order: each
 * record's `hash` matches its content, `seq` counts up by one, and `prev` is the previous `hash`.
 * Reports the first malformed, altered, missing, reordered or unlinked record. Never throws for bad
 * input; a plain string is refused with `TypeError` (pass an array of lines, or use
 * `@gatehouse/audit/node` for files).
 *
 * @example
 * ```ts
 * import { verifyAuditLog } from '@gatehouse/audit';
 *
 * const verdict = await verifyAuditLog(lines);
 * if (!verdict.ok) console.error(verdict.failure.code, 'at record', verdict.failure.index);
 * ```
 */
export async function verifyAuditLog(
  records: Iterable<unknown> | AsyncIterable<unknown>,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  if (typeof records === 'string' || records === null || typeof records !== 'object') {
    throw new TypeError('verifyAuditLog: pass an iterable of records or lines');
  }
  const { partial = false, anchor } = options;
  const sha256 = checkedSha256('verifyAuditLog', options.sha256);
  let index = 0;
  let head: AuditChainHead | undefined = partial ? undefined : { seq: 0, hash: GENESIS_HASH };
  let firstSeq: number | undefined;
  const fail = (
    code: AuditVerificationFailure['code'],
    message: string,
    extra: Partial<AuditVerificationFailure> = {},
  ): AuditVerification => ({
    ok: false,
    count: index,
    firstSeq,
    head: head?.seq === 0 ? undefined : head,
    failure: { code, message, index, ...extra },
  });

  for await (const item of records) {
    const record = parse(item);
    if (typeof record === 'string') return fail('ERR_AUDIT_RECORD_MALFORMED', record);
    const { seq } = record;
    const expectedSeq = head === undefined ? seq : head.seq + 1;
    let hash: string;
    try {
      hash = computeRecordHash(record, sha256);
    } catch {
      return fail('ERR_AUDIT_RECORD_MALFORMED', 'cannot be serialized', { seq });
    }
    if (hash !== record.hash) {
      return fail('ERR_AUDIT_RECORD_ALTERED', 'hash does not match content', { seq, expectedSeq });
    }
    // a line must be exactly what the chain wrote: the canonical form with `hash` first. Anything
    // else (a duplicated key, which parsers resolve differently, other escapes or number spellings,
    // whitespace) would show readers content that the verified hash does not cover.
    if (typeof item === 'string' && item !== canonicalLine(record)) {
      return fail('ERR_AUDIT_RECORD_ALTERED', 'line is not in canonical form', {
        seq,
        expectedSeq,
      });
    }
    if (index === 0 && !partial && (seq !== 1 || record.prev !== GENESIS_HASH)) {
      return fail('ERR_AUDIT_CHAIN_START', 'the log does not start at the genesis record', {
        seq,
        expectedSeq,
      });
    }
    if (index === 0 && anchor !== undefined && seq > anchor.seq) {
      // the anchored record is not in the input, so it cannot vouch for anything after it
      return fail(
        'ERR_AUDIT_RECORD_MISSING',
        `the log starts after the anchor (seq ${anchor.seq})`,
        {
          seq,
          expectedSeq: anchor.seq,
        },
      );
    }
    if (seq > expectedSeq) {
      return fail('ERR_AUDIT_RECORD_MISSING', `records ${expectedSeq}..${seq - 1} are missing`, {
        seq,
        expectedSeq,
      });
    }
    if (seq < expectedSeq) {
      return fail('ERR_AUDIT_RECORD_REORDERED', 'record out of order or repeated', {
        seq,
        expectedSeq,
      });
    }
    if (head !== undefined && record.prev !== head.hash) {
      return fail('ERR_AUDIT_CHAIN_BROKEN', 'prev is not the hash of the previous record', {
        seq,
        expectedSeq,
      });
    }
    if (anchor !== undefined && seq === anchor.seq && hash !== anchor.hash) {
      return fail('ERR_AUDIT_CHAIN_BROKEN', 'record differs from the anchor', { seq, expectedSeq });
    }
    firstSeq ??= seq;
    head = { seq, hash };
    index++;
  }
  if (anchor !== undefined && (head?.seq ?? 0) < anchor.seq) {
    return fail('ERR_AUDIT_RECORD_MISSING', `the log ends before the anchor (seq ${anchor.seq})`, {
      expectedSeq: (head?.seq ?? 0) + 1,
    });
  }
  return { ok: true, count: index, firstSeq, head: head?.seq === 0 ? undefined : head };
}
