import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, Kysely, type QueryResult, SqliteDialect } from 'kysely';
import type { Database } from '../schema.js';
import { driveSync, type Work } from './atomic.js';
import type { SqlDatabase } from './sql-database.js';

const BUSY_TIMEOUT_MS = 10_000;

function execute(raw: BetterSqlite3.Database, query: CompiledQuery): QueryResult<unknown> {
  const statement = raw.prepare(query.sql);
  const parameters = query.parameters as unknown[];
  if (statement.reader) return { rows: statement.all(...parameters) };
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    db,
    dialect: 'sqlite',
    async atomic<T>(work: () => Work<T>): Promise<T> {
      return raw.transaction(() => driveSync(work(), (query) => execute(raw, query))).immediate();
    },
    async close() {
      await db.destroy();
    },
  };
}
