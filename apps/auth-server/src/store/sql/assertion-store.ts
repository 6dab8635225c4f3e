import type { AssertionStore } from '../types.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * `private_key_jwt` assertion ids over the `assertions` table: one insert-if-absent on the `(client_id,
 * jti)` primary key, so a replay is refused even when both copies arrive at once. A row stays until
 * `deleteExpired` removes it after `expiresAt` (by then the assertion itself has expired).
 */
export function createSqlAssertionStore({ db }: SqlDatabase): AssertionStore {
  return {
    async remember(clientId, jti, expiresAt) {
      const result = await db
        .insertInto('assertions')
        .values({ client_id: clientId, jti, expires_at: expiresAt })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}
