import type BetterSqlite3 from 'better-sqlite3';

/** Distinct SQL texts kept prepared: the store has a few dozen; the bound only guards against growth. */
export const STATEMENT_CACHE_SIZE = 256;

/** Prepares SQL once per text and hands the same better-sqlite3 statement out again. */
export interface StatementCache {
  prepare(sql: string): BetterSqlite3.Statement;
  /** Statements held now (for tests). */
  readonly size: number;
}

/**
 * A bounded cache of prepared statements keyed by SQL text, least recently used evicted first.
 * better-sqlite3 statements are reusable and run synchronously, so one statement serves every call;
 * only one that is `busy` (an open `iterate()`) cannot, and then a fresh, uncached one is prepared.
 *
 * @example
 * ```ts
 * const statements = createStatementCache(raw);
 * statements.prepare('select 1').get(); // prepared once, reused on the next call
 * ```
 */
export function createStatementCache(
  raw: BetterSqlite3.Database,
  max: number = STATEMENT_CACHE_SIZE,
): StatementCache {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string): BetterSqlite3.Statement {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        if (cached.busy) return raw.prepare(sql);
        // most recently used last: Map keeps insertion order
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = raw.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > max) {
        const oldest = statements.keys().next().value as string;
        statements.delete(oldest);
      }
      return statement;
    },
    get size() {
      return statements.size;
    },
  };
}
