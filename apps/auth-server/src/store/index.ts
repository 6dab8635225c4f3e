/**
 * The authorization server's storage: one {@link AuthStore} over Kysely, on SQLite (better-sqlite3, the
 * embedded default) or PostgreSQL (`pg`). Migrations (`migrations/`) run inside `createStore`.
 *
 * ```ts
 * import { createStore, storeUrl } from './store/index.js';
 *
 * const store = await createStore({ url: storeUrl(config) });
 * // url: 'sqlite:./data/gatehouse.db'  file, WAL, directory created
 * //      'sqlite::memory:'            private in-memory database: use it in unit tests
 * //      'postgres://user@host/db'    PostgreSQL; add { schema: 'name' } to work in a schema
 * …
 * await store.close(); // at shutdown, after the last request
 * ```
 *
 * Rules for callers:
 * - Times are integer seconds since the epoch, always passed in (`ctx.now()`); the store has no clock.
 * - Secrets arrive hashed: `codeHash`, `tokenHash`, `passwordHash`, `clientSecretHash` (the caller hashes).
 * - Single use is the database's job: act on `codes.redeem(…).outcome` and
 *   `refreshTokens.rotate(…).outcome` (`reused` means: revoke the grant), `assertions.remember` returning
 *   `false` (a replayed `jti`). Never read-then-write these yourself.
 * - Records handed out are fresh copies; `clients` is `@gatehouse/registration`'s `ClientStore`.
 * - `consents.grant` merges scopes with the earlier consent and returns the merged record.
 * - `grants.get` and `refreshTokens.get` return revoked / used / expired rows too: check the fields.
 * - Call `deleteExpired(now)` on a timer; `clients.touch(clientId, now)` on each completed authorization.
 * - Take a client away with `removeClient(clientId, now)`, not `clients.delete`: it revokes the client's
 *   grants and deletes its consents with it, so nothing carries over to a client re-added under that id.
 *
 * @module
 */
export type { StoreOptions } from './create-store.js';
export { createStore, storeUrl } from './create-store.js';
export type * from './types.js';
