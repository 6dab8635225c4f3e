import type { ClientRemoval } from '../types.js';
import { query } from './atomic.js';
import type { SqlDatabase } from './sql-database.js';

/**
 * `AuthStore.removeClient`: the client row, its grants' revocation and its consents in one
 * transaction. Revoking the grants is enough for everything issued from them: refresh tokens, codes
 * and access tokens are honoured only while their grant is live (`oauth/token-lookup.ts`).
 */
export function removeClient(
  database: SqlDatabase,
  clientId: string,
  now: number,
): Promise<ClientRemoval> {
  const { db } = database;
  return database.atomic<ClientRemoval>(function* () {
    const client = yield* query(db.deleteFrom('clients').where('client_id', '=', clientId));
    const grants = yield* query(
      db
        .updateTable('grants')
        .set({ revoked_at: now })
        .where('client_id', '=', clientId)
        .where('revoked_at', 'is', null),
    );
    const consents = yield* query(db.deleteFrom('consents').where('client_id', '=', clientId));
    return {
      clientRemoved: Number(client.numAffectedRows ?? 0n) > 0,
      grantsRevoked: Number(grants.numAffectedRows ?? 0n),
      consentsRemoved: Number(consents.numAffectedRows ?? 0n),
    };
  });
}
