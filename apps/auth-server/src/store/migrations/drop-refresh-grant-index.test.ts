import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../create-store.js';
import type { Database } from '../schema.js';
import { openPostgres } from '../sql/postgres.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { openSqlite } from '../sql/sqlite.js';
import { scratchDatabases, TEST_DATABASE_URL } from '../test-helpers.js';
import { migrationProvider } from './index.js';

/** A database of the previous release (0002) loses the unused index; its refresh tokens still work. */
const { dir, schema, cleanup } = scratchDatabases();
afterAll(cleanup);

async function atPreviousRelease(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error } = await migrator.migrateTo('0002-user-claims');
  if (error !== undefined) throw error;
  await sql`insert into refresh_tokens (token_hash, grant_id, client_id, resource, scopes, expires_at)
    values ('old-token', 'g1', 'c1', 'https://mcp.example/mcp', 'mcp:tools:*', ${4_000_000_000})`.execute(
    db,
  );
}

async function hasGrantIndex(database: SqlDatabase): Promise<boolean> {
  const { rows } =
    database.dialect === 'sqlite'
      ? await sql`select name from sqlite_master where type = 'index' and name = 'refresh_tokens_grant_id'`.execute(
          database.db,
        )
      : await sql`select indexname from pg_indexes where schemaname = ${schema} and indexname = 'refresh_tokens_grant_id'`.execute(
          database.db,
        );
  return rows.length > 0;
}

describe('migration 0003-drop-refresh-grant-index', () => {
  it.each([
    ['sqlite', `sqlite:${join(dir, 'previous.db')}`],
    ['postgres', TEST_DATABASE_URL],
  ])('drops the index from a %s database of the previous release', async (name, url) => {
    const open = () =>
      name === 'sqlite'
        ? Promise.resolve(openSqlite(join(dir, 'previous.db')))
        : openPostgres(url, { schema, poolSize: 1 });
    const before = await open();
    await atPreviousRelease(before.db);
    expect(await hasGrantIndex(before)).toBe(true);
    await before.close();
    const store = await createStore(name === 'sqlite' ? { url } : { url, schema });
    try {
      expect((await store.refreshTokens.get('old-token'))?.grantId).toBe('g1');
    } finally {
      await store.close();
    }
    const after = await open();
    try {
      expect(await hasGrantIndex(after)).toBe(false);
    } finally {
      await after.close();
    }
  });
});
