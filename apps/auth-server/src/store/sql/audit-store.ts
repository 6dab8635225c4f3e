import type { AuditRecord } from '@gatehouse/audit';
import type { AuditRecordsTable } from '../schema.js';
import type { AuditStore } from '../types.js';
import { query } from './atomic.js';
import { type Param, precompile } from './precompiled.js';
import { toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

/** Rows per insert: far below the bound-parameter limits of both dialects. */
const BATCH = 500;

function toRow(record: AuditRecord): AuditRecordsTable {
  return {
    id: record.id,
    seq: record.seq,
    type: record.type,
    time: record.time,
    hash: record.hash,
    record: JSON.stringify(record),
  };
}

/**
 * Audit records and chain heads over `audit_records` and `audit_heads`. Appending a record twice (a
 * retried flush) keeps one copy; saving a head for the same `seq` again updates it. On SQLite a batch
 * is one transaction running one prepared single-row insert per record (the same SQL whatever the
 * batch size, so the statement cache holds it); on PostgreSQL, multi-row inserts (one round trip).
 */
export function createSqlAuditStore(database: SqlDatabase): AuditStore {
  const { db, dialect } = database;
  const insertOne = precompile((param: Param<AuditRecordsTable>) =>
    db
      .insertInto('audit_records')
      .values({
        id: param('id'),
        seq: param('seq'),
        type: param('type'),
        time: param('time'),
        hash: param('hash'),
        record: param('record'),
      })
      .onConflict((oc) => oc.column('id').doNothing()),
  );
  return {
    async append(records) {
      if (records.length === 0) return;
      if (dialect === 'sqlite') {
        await database.atomic(function* () {
          for (const record of records) yield* query(insertOne.bind(toRow(record)));
        });
        return;
      }
      for (let start = 0; start < records.length; start += BATCH) {
        await db
          .insertInto('audit_records')
          .values(records.slice(start, start + BATCH).map(toRow))
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
