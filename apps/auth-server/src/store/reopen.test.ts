import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from './create-store.js';
import { postgresDialect, sqliteFileDialect, TEST_DATABASE_URL } from './test-helpers.js';

describe('createStore', () => {
  const sqlite = sqliteFileDialect();
  const postgres = postgresDialect();
  afterAll(async () => {
    await sqlite.cleanup();
    await postgres.cleanup();
  });

  for (const dialect of [sqlite, postgres]) {
    it(`reopens a migrated ${dialect.name} database with its data (migrations run once)`, async () => {
      const [first, second] = await dialect.openShared(2);
      await first?.users.create({ id: 'u1', username: 'alice', passwordHash: 'h', createdAt: 1 });
      await first?.close();
      expect((await second?.users.findByUsername('alice'))?.id).toBe('u1');
    });
  }

  it('refuses unknown URLs and options with a TypeError', async () => {
    for (const options of [
      { url: 'mysql://localhost/db' },
      { url: 'sqlite:' },
      { url: 'sqlite::memory:', schema: 'gh_x' },
      { url: 'postgres://127.0.0.1/test', schema: 'Robert"; drop table users; --' },
      { url: 'sqlite::memory:', poolSize: 0 },
      { url: 'sqlite::memory:', extra: 1 },
      {},
    ]) {
      await expect(createStore(options as never)).rejects.toBeInstanceOf(TypeError);
    }
  });

  it('creates the data directory and uses SQLite in WAL mode for files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-wal-'));
    const file = join(dir, 'nested', 'data', 'gatehouse.db');
    try {
      const store = await createStore({ url: `sqlite:${file}` });
      await store.users.create({ id: 'u1', username: 'a', passwordHash: 'h', createdAt: 1 });
      expect(existsSync(file)).toBe(true);
      expect(existsSync(`${file}-wal`)).toBe(true);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the database (signing keys, password hashes) readable by its owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-mode-'));
    const fresh = join(dir, 'new', 'gatehouse.db');
    const existing = join(dir, 'existing.db');
    writeFileSync(existing, '');
    chmodSync(existing, 0o644);
    try {
      for (const file of [fresh, existing]) {
        const store = await createStore({ url: `sqlite:${file}` });
        await store.users.create({ id: 'u1', username: 'a', passwordHash: 'h', createdAt: 1 });
        for (const path of [file, `${file}-wal`, `${file}-shm`]) {
          expect(statSync(path).mode & 0o777, path).toBe(0o600);
        }
        await store.close();
      }
      expect(statSync(join(dir, 'new')).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrates while other users of the database drop their schemas (catalog scan retried)', async () => {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const others = Array.from({ length: 40 }, (_, i) => `gh_drop_${process.pid}_${i}`);
    try {
      for (const name of others) await admin.query(`create schema if not exists ${name}`);
      const dropping = (async () => {
        for (const name of others) await admin.query(`drop schema if exists ${name} cascade`);
      })();
      const stores = await Promise.all(Array.from({ length: 4 }, () => postgres.open()));
      await dropping;
      expect(stores).toHaveLength(4);
    } finally {
      for (const name of others) await admin.query(`drop schema if exists ${name} cascade`);
      await admin.end();
    }
  });
});
