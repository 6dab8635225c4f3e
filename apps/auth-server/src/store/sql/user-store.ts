import type { UsersTable } from '../schema.js';
import type { UserRecord, UserStore } from '../types.js';
import { type Param, precompile } from './precompiled.js';
import { toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

/** The stored claims column as a record of strings; anything else (corrupt, not an object) is none. */
function readClaims(text: string | null): Record<string, string> | undefined {
  if (text === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string') claims[name] = value;
  }
  return Object.keys(claims).length === 0 ? undefined : claims;
}

function fromRow(row: UsersTable): UserRecord {
  const user: UserRecord = {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    createdAt: toSeconds(row.created_at),
  };
  const claims = readClaims(row.claims);
  if (claims !== undefined) user.claims = claims;
  return user;
}

/** Users over the `users` table; usernames are unique (compared exactly, as given). */
export function createSqlUserStore({ db, run }: SqlDatabase): UserStore {
  // read on every token issue (the user's claims go into the token)
  const byId = precompile((param: Param<{ id: string }>) =>
    db.selectFrom('users').selectAll().where('id', '=', param('id')),
  );
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
      const { rows } = await run(byId.bind({ id }));
      return rows[0] === undefined ? undefined : fromRow(rows[0]);
    },
    async create(user) {
      const claims = user.claims ?? {};
      const result = await db
        .insertInto('users')
        .values({
          id: user.id,
          username: user.username,
          password_hash: user.passwordHash,
          created_at: user.createdAt,
          claims: Object.keys(claims).length === 0 ? null : JSON.stringify(claims),
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
