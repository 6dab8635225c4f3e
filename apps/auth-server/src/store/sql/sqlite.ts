import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteDialect,
} from 'kysely';
import type { Database } from '../schema.js';
import { driveSync, type Work } from './atomic.js';
import { createGroupCommit } from './group-commit.js';
import type { SqlDatabase } from './sql-database.js';
import { createStatementCache } from './statement-cache.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

const BUSY_TIMEOUT_MS = 10_000;

function execute<R>(query: CompiledQuery<R>, statement: BetterSqlite3.Statement): QueryResult<R> {
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
 * Kysely's SQLite dialect, running every query through `run` (so its writes are group-committed too).
 * Transactions go through `SqlDatabase.atomic`, never Kysely's `db.transaction()`.
 */
class GroupedSqliteDialect extends SqliteDialect {
  constructor(private readonly runQuery: SqlDatabase['run']) {
    super({ database: { prepare: unusable, close: () => undefined } });
  }

  override createDriver(): Driver {
    const connection: DatabaseConnection = {
      executeQuery: <R>(query: CompiledQuery) => this.runQuery(query as CompiledQuery<R>),
      streamQuery: () => unusable(),
    };
    const refuse = async () => unusable();
    return {
      init: async () => undefined,
      acquireConnection: async () => connection,
      beginTransaction: refuse,
      commitTransaction: refuse,
      rollbackTransaction: refuse,
      releaseConnection: async () => undefined,
      destroy: async () => undefined,
    };
  }
}

function unusable(): never {
  throw new Error('not available on the SQLite store: use run() or atomic()');
}

/**
 * Opens a SQLite database: a file (created with its directory, WAL journal) or `:memory:`. Several
 * processes may share one file; writers wait for each other up to 10 s. Writes are group-committed
 * (`group-commit.ts`): each resolves once the transaction it ran in has committed. A file's WAL is
 * checkpointed by a worker thread (`wal-checkpointer.ts`), not by the commits.
 */
export function openSqlite(path: string): SqlDatabase {
  if (path !== ':memory:') prepareFile(path);
  const raw = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
  let checkpointer: WalCheckpointer | undefined;
  if (path !== ':memory:') {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    checkpointer = startWalCheckpointer(raw, path, BUSY_TIMEOUT_MS);
  }
  const statements = createStatementCache(raw);
  const writes = createGroupCommit(raw);
  // `readonly`, not `reader`: an `UPDATE … RETURNING` returns rows and writes
  const run = async <R>(query: CompiledQuery<R>): Promise<QueryResult<R>> => {
    const statement = statements.prepare(query.sql);
    return statement.readonly
      ? execute(query, statement)
      : writes.write(() => execute(query, statement));
  };
  const db = new Kysely<Database>({ dialect: new GroupedSqliteDialect(run) });
  return {
    db,
    dialect: 'sqlite',
    run,
    atomic<T>(work: () => Work<T>): Promise<T> {
      return writes.write(
        () => driveSync(work(), (query) => execute(query, statements.prepare(query.sql))),
        'several',
      );
    },
    async close() {
      writes.flush();
      await checkpointer?.close();
      await db.destroy();
      raw.close();
    },
  };
}
