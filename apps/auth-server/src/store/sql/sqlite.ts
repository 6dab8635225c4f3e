import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  type CompiledQuery,
  Kysely,
  type SqliteDatabase as KyselySqliteDatabase,
  type QueryResult,
  SqliteDialect,
} from 'kysely';
import type { Database } from '../schema.js';
import { driveSync, type Work } from './atomic.js';
import type { SqlDatabase } from './sql-database.js';
import { createStatementCache, type StatementCache } from './statement-cache.js';

const BUSY_TIMEOUT_MS = 10_000;

function execute<R>(statements: StatementCache, query: CompiledQuery<R>): QueryResult<R> {
  const statement = statements.prepare(query.sql);
  const parameters = query.parameters as unknown[];
  if (statement.reader) return { rows: statement.all(...parameters) as R[] };
  const { changes } = statement.run(...parameters);
  return { rows: [], numAffectedRows: BigInt(changes) };
}

/**
 * The database holds private signing keys and password hashes: a new directory is 0700 and the file is
 * 0600 (SQLite gives its WAL and shared-memory files the database file's mode).
 */
function prepareFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/**
 * Opens a SQLite database: a file (created with its directory, WAL journal) or `:memory:`. Several
 * processes may share one file; writers wait for each other up to 10 s.
 */
export function openSqlite(path: string): SqlDatabase {
  if (path !== ':memory:') prepareFile(path);
  const raw = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
  if (path !== ':memory:') {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
  }
  const statements = createStatementCache(raw);
  // Kysely's SQLite driver prepares every query it runs: hand it the cache instead of the database
  const database: KyselySqliteDatabase = {
    prepare: (sql) => statements.prepare(sql),
    close: () => raw.close(),
  };
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // made once: better-sqlite3 builds a transaction function with its own statements on each call
  const transaction = raw.transaction((work: () => Work<unknown>) =>
    driveSync(work(), (query) => execute(statements, query)),
  );
  return {
    db,
    dialect: 'sqlite',
    async run<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      return execute(statements, query);
    },
    async atomic<T>(work: () => Work<T>): Promise<T> {
      return transaction.immediate(work) as T;
    },
    async close() {
      await db.destroy();
    },
  };
}
