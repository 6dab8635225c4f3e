import type { GrantsTable } from '../schema.js';
import type { GrantRecord, GrantStore } from '../types.js';
import { type Param, precompile } from './precompiled.js';
import { joinScopes, splitScopes, toOptionalSeconds, toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

function fromRow(row: GrantsTable): GrantRecord {
  const grant: GrantRecord = {
    id: row.id,
    clientId: row.client_id,
    resource: row.resource,
    scopes: splitScopes(row.scopes),
    createdAt: toSeconds(row.created_at),
    expiresAt: toSeconds(row.expires_at),
  };
  if (row.user_id !== null) grant.userId = row.user_id;
  const revokedAt = toOptionalSeconds(row.revoked_at);
  if (revokedAt !== undefined) grant.revokedAt = revokedAt;
  return grant;
}

/** Grants over the `grants` table. `get` returns revoked and expired grants too: the caller decides. */
export function createSqlGrantStore({ db, run }: SqlDatabase): GrantStore {
  const insert = precompile((param: Param<GrantsTable>) =>
    db.insertInto('grants').values({
      id: param('id'),
      client_id: param('client_id'),
      user_id: param('user_id'),
      resource: param('resource'),
      scopes: param('scopes'),
      created_at: param('created_at'),
      expires_at: param('expires_at'),
      revoked_at: param('revoked_at'),
    }),
  );
  const byId = precompile((param: Param<{ id: string }>) =>
    db.selectFrom('grants').selectAll().where('id', '=', param('id')),
  );
  return {
    async create(grant) {
      await run(
        insert.bind({
          id: grant.id,
          client_id: grant.clientId,
          user_id: grant.userId ?? null,
          resource: grant.resource,
          scopes: joinScopes(grant.scopes),
          created_at: grant.createdAt,
          expires_at: grant.expiresAt,
          revoked_at: grant.revokedAt ?? null,
        }),
      );
    },
    async get(id) {
      const { rows } = await run(byId.bind({ id }));
      return rows[0] === undefined ? undefined : fromRow(rows[0]);
    },
    async revoke(id, now) {
      const result = await db
        .updateTable('grants')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
