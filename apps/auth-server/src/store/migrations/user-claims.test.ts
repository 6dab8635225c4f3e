import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../create-store.js';
import type { Database } from '../schema.js';
import { openPostgres } from '../sql/postgres.js';
import { openSqlite } from '../sql/sqlite.js';
import { scratchDatabases, TEST_DATABASE_URL } from '../test-helpers.js';
import { migrationProvider } from './index.js';

/** A database written by the first release (0001 only) gains `users.claims` on the next start. */
const { dir, schema, cleanup } = scratchDatabases();
afterAll(cleanup);

async function atFirstRelease(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error } = await migrator.migrateTo('0001-initial');
  if (error !== undefined) throw error;
  await sql`insert into users (id, username, password_hash, created_at) values ('u1', 'old', 'h', 1)`.execute(
    db,
  );
}

describe('migration 0002-user-claims', () => {
  it.each([
    ['sqlite', `sqlite:${join(dir, 'old.db')}`],
    ['postgres', TEST_DATABASE_URL],
  ])('upgrades a %s database of the first release: old users have no claims', async (name, url) => {
    const before =
      name === 'sqlite'
        ? openSqlite(join(dir, 'old.db'))
        : await openPostgres(url, { schema, poolSize: 1 });
    await atFirstRelease(before.db);
    await before.close();
    const store = await createStore(name === 'sqlite' ? { url } : { url, schema });
    try {
      const old = await store.users.get('u1');
      expect(old?.username).toBe('old');
      expect(old).not.toHaveProperty('claims');
      const user = {
        id: 'u2',
        username: 'new',
        passwordHash: 'h',
        createdAt: 2,
        claims: { tenant: 'acme' },
      };
      expect(await store.users.create(user)).toBe(true);
      expect((await store.users.get('u2'))?.claims).toEqual({ tenant: 'acme' });
    } finally {
      await store.close();
    }
  });
});
