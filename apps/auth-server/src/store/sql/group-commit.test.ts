import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

let dir: string;
let open: BetterSqlite3.Database[];

function connect(file = join(dir, 'test.db')): BetterSqlite3.Database {
  const raw = new BetterSqlite3(file, { timeout: 2_000 });
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  open.push(raw);
  return raw;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-group-commit-'));
  open = [];
  connect().exec(`
    create table parents (id text primary key);
    create table items (
      id text primary key,
      parent text references parents(id) deferrable initially deferred
    );
  `);
});

afterEach(() => {
  for (const raw of open) raw.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (raw: BetterSqlite3.Database): string[] =>
  (raw.prepare('select id from items order by id').all() as { id: string }[]).map((row) => row.id);

describe('createGroupCommit', () => {
  it('tells a write done only once its batch has committed, and commits a turn in one batch', async () => {
    const raw = connect();
    const observer = connect();
    const writes = createGroupCommit(raw);
    const insert = raw.prepare('insert into items (id) values (?)');
    const first = writes.write(() => insert.run('a').changes);
    const second = writes.write(() => insert.run('b').changes);
    // both ran inside one open transaction: this connection sees them, another does not yet
    expect(raw.inTransaction).toBe(true);
    expect(ids(raw)).toEqual(['a', 'b']);
    expect(ids(observer)).toEqual([]);
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(raw.inTransaction).toBe(false);
    expect(ids(observer)).toEqual(['a', 'b']);
  });

  it('undoes a write that throws (one statement, or work of several) alone; the rest of its batch commits', async () => {
    const raw = connect();
    const writes = createGroupCommit(raw);
    const insert = raw.prepare('insert into items (id) values (?)');
    const kept = writes.write(() => insert.run('a'));
    const failedStatement = writes.write(() => insert.run('a'));
    const failedWork = writes.write(() => {
      insert.run('b');
      insert.run('a'); // primary key conflict: 'b' goes with it
    }, 'several');
    const keptToo = writes.write(() => insert.run('c'));
    await expect(failedStatement).rejects.toThrow(/UNIQUE/);
    await expect(failedWork).rejects.toThrow(/UNIQUE/);
    await expect(Promise.all([kept, keptToo])).resolves.toHaveLength(2);
    expect(ids(connect())).toEqual(['a', 'c']);
  });

  it('rejects every write of a batch whose commit fails, and keeps none of them', async () => {
    const raw = connect();
    const writes = createGroupCommit(raw);
    const insert = raw.prepare('insert into items (id, parent) values (?, ?)');
    // a deferred foreign key is checked at COMMIT: the whole batch fails there
    const innocent = writes.write(() => insert.run('a', null));
    const orphan = writes.write(() => insert.run('b', 'no-such-parent'));
    await expect(innocent).rejects.toThrow(/FOREIGN KEY/);
    await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
    expect(raw.inTransaction).toBe(false);
    expect(ids(connect())).toEqual([]);
    // the next turn starts a new batch
    await writes.write(() => insert.run('c', null));
    expect(ids(connect())).toEqual(['c']);
  });

  it('rejects the whole batch when SQLite abandons its transaction mid-way', async () => {
    const raw = connect();
    const writes = createGroupCommit(raw);
    const insert = raw.prepare('insert into items (id) values (?)');
    const before = writes.write(() => insert.run('a'));
    const abandoning = writes.write(() => {
      raw.exec('rollback'); // what SQLite does itself on a full disk or an I/O error
      throw new Error('disk I/O error');
    });
    await expect(abandoning).rejects.toThrow('disk I/O error');
    await expect(before).rejects.toThrow('disk I/O error');
    const after = writes.write(() => insert.run('b'));
    await expect(after).resolves.toBeDefined();
    expect(ids(connect())).toEqual(['b']);
  });

  it('lets two connections of one process on one file write in the same turn without waiting on each other', async () => {
    const connections = [connect(), connect()];
    const writers = connections.map((raw) => ({
      group: createGroupCommit(raw),
      insert: raw.prepare('insert into items (id) values (?)'),
    }));
    const started = performance.now();
    const writes = Array.from({ length: 6 }, (_, index) => {
      const { group, insert } = writers[index % 2] as (typeof writers)[number];
      return group.write(() => insert.run(`item-${index}`));
    });
    await Promise.all(writes);
    // a wait on the other connection's lock would last the whole busy timeout (2 s)
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(ids(connect())).toHaveLength(6);
  });

  it('flush commits the open batch at once (before a close)', async () => {
    const raw = connect();
    const writes = createGroupCommit(raw);
    const written = writes.write(() => raw.prepare('insert into items (id) values (?)').run('a'));
    writes.flush();
    expect(raw.inTransaction).toBe(false);
    expect(ids(connect())).toEqual(['a']);
    await expect(written).resolves.toBeDefined();
  });
});
