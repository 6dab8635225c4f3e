import { join } from 'node:path';
import { resolveOptions } from '@gatehouse/errors';
import { createSqlAssertionStore } from './sql/assertion-store.js';
import { createSqlAuditStore } from './sql/audit-store.js';
import { createSqlClientStore } from './sql/client-store.js';
import { createSqlCodeStore } from './sql/code-store.js';
import { createSqlConsentStore } from './sql/consent-store.js';
import { deleteExpired } from './sql/delete-expired.js';
import { createSqlGrantStore } from './sql/grant-store.js';
import { migrate } from './sql/migrate.js';
import { openPostgres, SCHEMA_NAME } from './sql/postgres.js';
import { createSqlRefreshTokenStore } from './sql/refresh-token-store.js';
import { removeClient } from './sql/remove-client.js';
import { createSqlSigningKeyStore } from './sql/signing-key-store.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { openSqlite } from './sql/sqlite.js';
import { createSqlUserStore } from './sql/user-store.js';
import type { AuthStore } from './types.js';

/** Options of {@link createStore}. */
export interface StoreOptions {
  /**
   * `sqlite:<file>` (created with its directory, WAL), `sqlite::memory:` (one private in-memory database,
   * for unit tests), or a `postgres://` / `postgresql://` URL.
   */
  url: string;
  /** PostgreSQL only: work in this schema (created if missing) instead of the connection's default. */
  schema?: string;
  /** PostgreSQL only: connections in the pool (default 10). */
  poolSize?: number;
}

function open(url: string, schema: string | undefined, poolSize: number): Promise<SqlDatabase> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return openPostgres(url, schema === undefined ? { poolSize } : { schema, poolSize });
  }
  if (schema !== undefined) throw new TypeError('createStore: schema is for PostgreSQL only');
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=[./])/, '');
    if (path === '') throw new TypeError('createStore: sqlite URL without a path');
    return Promise.resolve(openSqlite(path));
  }
  throw new TypeError('createStore: url must start with sqlite:, postgres:// or postgresql://');
}

/**
 * Opens the store, runs the migrations and returns the {@link AuthStore}. One Kysely implementation
 * serves SQLite and PostgreSQL; see `index.ts` for how to use it.
 *
 * @example
 * ```ts
 * const store = await createStore({ url: 'sqlite::memory:' });
 * await store.users.count(); // 0
 * await store.close();
 * ```
 */
export async function createStore(options: StoreOptions): Promise<AuthStore> {
  const { url, schema, poolSize } = resolveOptions<StoreOptions & { poolSize: number }>(
    'createStore',
    options,
    { defaults: { url: undefined, schema: undefined, poolSize: 10 }, required: ['url'] },
  );
  if (typeof url !== 'string') throw new TypeError('createStore: url must be a string');
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new TypeError('createStore: schema must match [a-z_][a-z0-9_]* (at most 63 characters)');
  }
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new TypeError('createStore: poolSize must be a positive integer');
  }
  const database = await open(url, schema, poolSize);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const clients = createSqlClientStore(database);
  return Object.freeze({
    clients,
    users: createSqlUserStore(database),
    consents: createSqlConsentStore(database),
    codes: createSqlCodeStore(database),
    grants: createSqlGrantStore(database),
    refreshTokens: createSqlRefreshTokenStore(database),
    assertions: createSqlAssertionStore(database),
    signingKeys: createSqlSigningKeyStore(database),
    audit: createSqlAuditStore(database),
    deleteExpired: (now: number) => deleteExpired(database, clients, now),
    removeClient: (clientId: string, now: number) => removeClient(database, clientId, now),
    close: () => database.close(),
  });
}

/**
 * The store URL for a configuration: `databaseUrl` when set, else the SQLite file `gatehouse.db` in
 * `dataDir`.
 *
 * @example
 * ```ts
 * storeUrl({ dataDir: './data' }); // 'sqlite:data/gatehouse.db'
 * ```
 */
export function storeUrl(config: { dataDir: string; databaseUrl?: string | undefined }): string {
  return config.databaseUrl ?? `sqlite:${join(config.dataDir, 'gatehouse.db')}`;
}
