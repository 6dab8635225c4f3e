import { type CompiledQuery, Kysely, PostgresDialect, type QueryResult, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';
import { driveAsync, type Work } from './atomic.js';
import type { SqlDatabase } from './sql-database.js';

/** How a schema name must look to be put in `search_path` unquoted. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a PostgreSQL pool. With `schema`, the schema is created if missing and every connection works in
 * it (`search_path`), which lets tests and several deployments share one database.
 */
export async function openPostgres(
  url: string,
  options: { schema?: string; poolSize: number },
): Promise<SqlDatabase> {
  const { schema, poolSize } = options;
  if (schema !== undefined) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${schema}`);
    } catch (error) {
      // Two stores creating the same schema at once: one wins, the other sees a unique violation.
      if ((error as { code?: string }).code !== '23505') throw error;
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  return {
    db,
    dialect: 'postgres',
    run: <R>(query: CompiledQuery<R>): Promise<QueryResult<R>> => db.executeQuery(query),
    async atomic<T>(work: () => Work<T>): Promise<T> {
      return db
        .transaction()
        .execute((trx) => driveAsync(work(), (query) => trx.executeQuery(query)));
    },
    async close() {
      await db.destroy();
    },
  };
}
