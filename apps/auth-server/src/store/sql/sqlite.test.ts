import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { query } from './atomic.js';
import type { SqlDatabase } from './sql-database.js';
import { openSqlite } from './sqlite.js';

let dir: string;
let file: string;
let database: SqlDatabase;
let observer: BetterSqlite3.Database;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-sqlite-'));
  file = join(dir, 'test.db');
  database = openSqlite(file);
  await sql`create table items (id text primary key, used integer)`.execute(database.db);
  observer = new BetterSqlite3(file);
});

afterEach(async () => {
  observer.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What another connection (another process, say) can read: committed rows only. */
const committed = (): { id: string; used: number | null }[] =>
  observer.prepare('select id, used from items order by id').all() as {
    id: string;
    used: number | null;
  }[];

describe('openSqlite: every write is reported only once committed', () => {
  it('an UPDATE … RETURNING through run() (rows back, and a write)', async () => {
    await sql`insert into items (id) values ('a')`.execute(database.db);
    const redeemed = database.run(
      sql<{
        id: string;
      }>`update items set used = 1 where id = 'a' and used is null returning id`.compile(
        database.db,
      ),
    );
    expect(committed()).toEqual([{ id: 'a', used: null }]);
    expect((await redeemed).rows).toEqual([{ id: 'a' }]);
    expect(committed()).toEqual([{ id: 'a', used: 1 }]);
  });

  it('a Kysely query, and atomic work', async () => {
    const viaKysely = sql`insert into items (id) values ('k')`.execute(database.db);
    const viaAtomic = database.atomic(function* () {
      yield* query(sql`insert into items (id) values ('w')`.compile(database.db));
    });
    expect(committed()).toEqual([]);
    await Promise.all([viaKysely, viaAtomic]);
    expect(committed().map((row) => row.id)).toEqual(['k', 'w']);
  });

  it('refuses Kysely transactions (atomic() is the one way)', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => sql`select 1`.execute(trx)),
    ).rejects.toThrow(/use run\(\) or atomic\(\)/);
  });

  it('commits a batch still open when it closes', async () => {
    const written = database.run(sql`insert into items (id) values ('last')`.compile(database.db));
    await database.close();
    await written;
    expect(committed().map((row) => row.id)).toEqual(['last']);
    database = openSqlite(file);
  });
});
