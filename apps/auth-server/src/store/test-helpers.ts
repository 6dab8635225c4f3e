import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createStore } from './create-store.js';
import type { AuthStore } from './types.js';

/** The PostgreSQL the tests use (CI starts it; the tests fail, never skip, when it is not there). */
export const TEST_DATABASE_URL =
  process.env.GATEHOUSE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * One dialect under test. `open()` returns a fresh, empty store; `openShared(n)` returns `n` stores
 * (separate connections) on one fresh database, for concurrency tests. `cleanup()` closes everything
 * and removes the files or PostgreSQL schemas made, so repeated and parallel runs never collide.
 */
export interface TestDialect {
  readonly name: string;
  open(): Promise<AuthStore>;
  openShared(count: number): Promise<AuthStore[]>;
  cleanup(): Promise<void>;
}

function tracker() {
  const stores: AuthStore[] = [];
  const track = (store: AuthStore): AuthStore => {
    stores.push(store);
    return store;
  };
  const closeAll = async (): Promise<void> => {
    await Promise.allSettled(stores.splice(0).map((store) => store.close()));
  };
  return { track, closeAll };
}

/** In-memory SQLite: each store is its own database, so `openShared` is not concurrent here. */
export function sqliteMemoryDialect(): TestDialect {
  const { track, closeAll } = tracker();
  return {
    name: 'sqlite (memory)',
    open: async () => track(await createStore({ url: 'sqlite::memory:' })),
    openShared: () => Promise.reject(new Error('an in-memory database cannot be shared')),
    cleanup: closeAll,
  };
}

/** SQLite files (WAL) in a temporary directory; `openShared` opens one file several times. */
export function sqliteFileDialect(): TestDialect {
  const { track, closeAll } = tracker();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'));
  let files = 0;
  const nextUrl = (): string => `sqlite:${join(dir, `db-${++files}`, 'gatehouse.db')}`;
  return {
    name: 'sqlite (file)',
    open: async () => track(await createStore({ url: nextUrl() })),
    async openShared(count) {
      const url = nextUrl();
      const stores: AuthStore[] = [];
      // One after another: migrations take the write lock; opened stores then race freely.
      for (let i = 0; i < count; i++) stores.push(track(await createStore({ url })));
      return stores;
    },
    async cleanup() {
      await closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL, one fresh `gh_<random>` schema per store (or per shared group), dropped at cleanup. */
export function postgresDialect(url: string = TEST_DATABASE_URL): TestDialect {
  const { track, closeAll } = tracker();
  const schemas: string[] = [];
  const nextSchema = (): string => {
    const schema = `gh_${randomBytes(8).toString('hex')}`;
    schemas.push(schema);
    return schema;
  };
  return {
    name: 'postgres',
    open: async () => track(await createStore({ url, schema: nextSchema() })),
    async openShared(count) {
      const schema = nextSchema();
      const first = track(await createStore({ url, schema, poolSize: 12 }));
      const rest = await Promise.all(
        Array.from({ length: count - 1 }, async () =>
          track(await createStore({ url, schema, poolSize: 12 })),
        ),
      );
      return [first, ...rest];
    },
    async cleanup() {
      await closeAll();
      await dropSchemas(url, schemas.splice(0));
    },
  };
}

async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Room for databases a test builds itself (one of an earlier release, say): a temporary directory
 * for SQLite files and a fresh PostgreSQL schema name on {@link TEST_DATABASE_URL}; `cleanup()`
 * removes both.
 */
export function scratchDatabases(): { dir: string; schema: string; cleanup(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-migrate-'));
  const schema = `gh_${randomBytes(8).toString('hex')}`;
  return {
    dir,
    schema,
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
      await dropSchemas(TEST_DATABASE_URL, [schema]);
    },
  };
}

/** Every dialect the store runs on. */
export function allTestDialects(): TestDialect[] {
  return [sqliteMemoryDialect(), sqliteFileDialect(), postgresDialect()];
}
