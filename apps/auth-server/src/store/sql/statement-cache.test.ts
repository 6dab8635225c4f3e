import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqlite } from './sqlite.js';
import { createStatementCache } from './statement-cache.js';

const opened: BetterSqlite3.Database[] = [];
function memory(): BetterSqlite3.Database {
  const raw = new BetterSqlite3(':memory:');
  opened.push(raw);
  return raw;
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const raw of opened.splice(0)) raw.close();
});

describe('createStatementCache', () => {
  it('prepares each SQL text once and hands the same statement out again', () => {
    const raw = memory();
    const prepare = vi.spyOn(raw, 'prepare');
    const statements = createStatementCache(raw);
    const first = statements.prepare('select ? as value');
    expect(statements.prepare('select ? as value')).toBe(first);
    expect(first.get(1)).toEqual({ value: 1 });
    expect(statements.prepare('select ? as value').get(2)).toEqual({ value: 2 });
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('stays within its bound, evicting the least recently used text', () => {
    const raw = memory();
    const statements = createStatementCache(raw, 3);
    const kept = statements.prepare('select 0');
    for (let index = 1; index <= 10; index++) {
      statements.prepare(`select ${index}`);
      statements.prepare('select 0'); // used again: stays
    }
    expect(statements.size).toBe(3);
    expect(statements.prepare('select 0')).toBe(kept);
    const prepare = vi.spyOn(raw, 'prepare');
    statements.prepare('select 1'); // evicted long ago: prepared again
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('prepares a fresh statement while the cached one is busy iterating', () => {
    const raw = memory();
    raw.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const statements = createStatementCache(raw);
    const seen: number[] = [];
    for (const row of statements.prepare('select n from t order by n').iterate()) {
      const { n } = row as { n: number };
      // the same SQL while the first statement is still stepping
      seen.push(n, (statements.prepare('select n from t order by n').all() as unknown[]).length);
    }
    expect(seen).toEqual([1, 3, 2, 3, 3, 3]);
  });
});

describe('openSqlite', () => {
  it("routes Kysely's queries through the statement cache", async () => {
    const prepare = vi.spyOn(BetterSqlite3.prototype, 'prepare');
    const database = openSqlite(':memory:');
    try {
      for (let index = 0; index < 5; index++) {
        const { rows } = await sql<{ value: number }>`select ${index} as value`.execute(
          database.db,
        );
        expect(rows).toEqual([{ value: index }]);
      }
      expect(prepare.mock.calls.filter(([text]) => text === 'select ? as value')).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
