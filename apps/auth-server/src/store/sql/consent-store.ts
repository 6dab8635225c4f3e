import type { ConsentsTable } from '../schema.js';
import type { ConsentRecord, ConsentStore } from '../types.js';
import { query } from './atomic.js';
import { joinScopes, splitScopes, toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

function fromRow(row: ConsentsTable): ConsentRecord {
  return {
    userId: row.user_id,
    clientId: row.client_id,
    resource: row.resource,
    scopes: splitScopes(row.scopes),
    updatedAt: toSeconds(row.updated_at),
  };
}

/** Earlier scopes first, in their order, then the new ones (incremental consent never loses a scope). */
function union(earlier: readonly string[], added: readonly string[]): string[] {
  const merged = [...earlier];
  for (const scope of added) if (!merged.includes(scope)) merged.push(scope);
  return merged;
}

/**
 * Consents over the `consents` table, one row per user, client and resource. `grant` merges in one
 * transaction (the row is created if missing, then locked), so two concurrent grants keep both scope sets.
 */
export function createSqlConsentStore(database: SqlDatabase): ConsentStore {
  const { db, dialect } = database;
  return {
    async get(userId, clientId, resource) {
      const row = await db
        .selectFrom('consents')
        .selectAll()
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .where('resource', '=', resource)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    grant(consent) {
      const key = {
        user_id: consent.userId,
        client_id: consent.clientId,
        resource: consent.resource,
      };
      return database.atomic(function* () {
        yield* query(
          db
            .insertInto('consents')
            .values({ ...key, scopes: '', updated_at: consent.updatedAt })
            .onConflict((oc) => oc.doNothing()),
        );
        const select = db
          .selectFrom('consents')
          .select('scopes')
          .where('user_id', '=', key.user_id)
          .where('client_id', '=', key.client_id)
          .where('resource', '=', key.resource);
        const { rows } = yield* query(dialect === 'postgres' ? select.forUpdate() : select);
        const scopes = union(splitScopes(rows[0]?.scopes ?? ''), consent.scopes);
        yield* query(
          db
            .updateTable('consents')
            .set({ scopes: joinScopes(scopes), updated_at: consent.updatedAt })
            .where('user_id', '=', key.user_id)
            .where('client_id', '=', key.client_id)
            .where('resource', '=', key.resource),
        );
        return { ...consent, scopes };
      });
    },

    async revoke(userId, clientId, resource) {
      const result = await db
        .deleteFrom('consents')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .where('resource', '=', resource)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
