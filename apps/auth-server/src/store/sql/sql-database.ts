import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from '../schema.js';
import type { Work } from './atomic.js';

/** An open database of either dialect, as the table stores use it. */
export interface SqlDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs one compiled query (see `precompiled.ts`) the shortest way: on SQLite synchronously on a
   * cached prepared statement, on PostgreSQL on a pooled connection.
   */
  run<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
  /** Runs `work` atomically (see {@link Work}); a thrown error rolls everything back. */
  atomic<T>(work: () => Work<T>): Promise<T>;
  close(): Promise<void>;
}
