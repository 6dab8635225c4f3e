import type { AuditStore } from '../types.js';
import { toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

/** Rows per insert: far below the bound-parameter limits of both dialects. */
const BATCH = 500;

/**
 * Audit records and chain heads over `audit_records` and `audit_heads`. Appending a record twice (a
 * retried flush) keeps one copy; saving a head for the same `seq` again updates it.
 */
export function createSqlAuditStore({ db }: SqlDatabase): AuditStore {
  return {
    async append(records) {
      for (let start = 0; start < records.length; start += BATCH) {
        await db
          .insertInto('audit_records')
          .values(
            records.slice(start, start + BATCH).map((record) => ({
              id: record.id,
              seq: record.seq,
              type: record.type,
              time: record.time,
              hash: record.hash,
              record: JSON.stringify(record),
            })),
          )
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
    },
    async saveHead({ seq, hash, savedAt }) {
      await db
        .insertInto('audit_heads')
        .values({ seq, hash, saved_at: savedAt })
        .onConflict((oc) => oc.column('seq').doUpdateSet({ hash, saved_at: savedAt }))
        .execute();
    },
    async latestHead() {
      const row = await db
        .selectFrom('audit_heads')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : { seq: Number(row.seq), hash: row.hash, savedAt: toSeconds(row.saved_at) };
    },
  };
}
