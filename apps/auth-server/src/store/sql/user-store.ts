import type { UsersTable } from '../schema.js';
import type { UserRecord, UserStore } from '../types.js';
import { toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

function fromRow(row: UsersTable): UserRecord {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    createdAt: toSeconds(row.created_at),
  };
}

/** Users over the `users` table; usernames are unique (compared exactly, as given). */
export function createSqlUserStore({ db }: SqlDatabase): UserStore {
  return {
    async findByUsername(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    async get(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    async create(user) {
      const result = await db
        .insertInto('users')
        .values({
          id: user.id,
          username: user.username,
          password_hash: user.passwordHash,
          created_at: user.createdAt,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async count() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
