import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDatabase } from './sql-database.js';
import { openSqlite } from './sqlite.js';
import {
  BACKSTOP_CHECKPOINT_PAGES,
  CHECKPOINT_INTERVAL_MS,
  startWalCheckpointer,
} from './wal-checkpointer.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-wal-'));
  file = join(dir, 'test.db');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sizeOf = (path: string) => statSync(path).size;

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('openSqlite on a file: WAL checkpoints on a worker thread', () => {
  let database: SqlDatabase;

  afterEach(async () => {
    await database.close();
  });

  it('a commit past SQLite’s 1,000-page checkpoint leaves the database file alone; the worker then copies the pages', async () => {
    database = openSqlite(file);
    await sql`create table blobs (id integer primary key, data blob)`.execute(database.db);
    const before = sizeOf(file);
    // about 1,500 pages of 4 KiB in one commit: SQLite's default would checkpoint inside it
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 1500)
      insert into blobs (id, data) select i, zeroblob(4000) from n`.execute(database.db);
    expect(sizeOf(file)).toBe(before);
    expect(sizeOf(`${file}-wal`)).toBeGreaterThan(1_500 * 4_000);
    // nothing more runs on this connection: only the worker can fill the database file
    await eventually(() => sizeOf(file) > 1_500 * 4_000);
  });

  it('close() ends the worker and its connection: the WAL goes with the last one', async () => {
    database = openSqlite(file);
    await sql`create table items (id text primary key)`.execute(database.db);
    await sql`insert into items (id) values ('a')`.execute(database.db);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await database.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    database = openSqlite(file);
    const { rows } = await sql<{ id: string }>`select id from items`.execute(database.db);
    expect(rows).toEqual([{ id: 'a' }]);
  });
});

describe('startWalCheckpointer', () => {
  it('moves the connection’s own checkpoint up to the backstop', async () => {
    const connection = new BetterSqlite3(file);
    connection.pragma('journal_mode = WAL');
    const checkpointer = startWalCheckpointer(connection, file, 1_000);
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(
      BACKSTOP_CHECKPOINT_PAGES,
    );
    await checkpointer.close();
    connection.close();
  });

  it('reports a failing checkpoint once, as a process warning', async () => {
    writeFileSync(file, 'this is not a database, and long enough to have a header '.repeat(20));
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => {
      if ((warning as { code?: string }).code === 'GATEHOUSE_WAL_CHECKPOINT') {
        warnings.push(warning);
      }
    };
    process.on('warning', onWarning);
    try {
      const checkpointer = startWalCheckpointer({ pragma: () => undefined }, file, 1_000);
      await eventually(() => warnings.length > 0);
      // several more intervals: still one warning
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_INTERVAL_MS * 3));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.message).toMatch(/not a database/);
      await checkpointer.close();
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('close() resolves once the thread has ended, also when called twice', async () => {
    const connection = new BetterSqlite3(file);
    connection.pragma('journal_mode = WAL');
    const checkpointer = startWalCheckpointer(connection, file, 1_000);
    await Promise.all([checkpointer.close(), checkpointer.close()]);
    connection.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
