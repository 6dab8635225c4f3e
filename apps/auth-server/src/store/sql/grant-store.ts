import type { GrantsTable } from '../schema.js';
import type { GrantRecord, GrantStore } from '../types.js';
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
export function createSqlGrantStore({ db }: SqlDatabase): GrantStore {
  return {
    async create(grant) {
      await db
        .insertInto('grants')
        .values({
          id: grant.id,
          client_id: grant.clientId,
          user_id: grant.userId ?? null,
          resource: grant.resource,
          scopes: joinScopes(grant.scopes),
          created_at: grant.createdAt,
          expires_at: grant.expiresAt,
          revoked_at: grant.revokedAt ?? null,
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
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
