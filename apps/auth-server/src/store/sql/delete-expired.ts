import type { ClientStore } from '@gatehouse/registration';
import type { SqlDatabase } from './sql-database.js';

/**
 * Removes what has expired at `now`: codes, refresh tokens and grants past `expires_at` (used or not,
 * revoked or not), remembered assertions, signing keys past `retires_at`, and expired (never used)
 * clients. Resolves to the number of rows removed.
 */
export async function deleteExpired(
  { db }: SqlDatabase,
  clients: ClientStore,
  now: number,
): Promise<number> {
  const results = await Promise.all([
    db.deleteFrom('codes').where('expires_at', '<=', now).executeTakeFirst(),
    db.deleteFrom('refresh_tokens').where('expires_at', '<=', now).executeTakeFirst(),
    db.deleteFrom('grants').where('expires_at', '<=', now).executeTakeFirst(),
    db.deleteFrom('assertions').where('expires_at', '<=', now).executeTakeFirst(),
    db
      .deleteFrom('signing_keys')
      .where('retires_at', 'is not', null)
      .where('retires_at', '<=', now)
      .executeTakeFirst(),
  ]);
  const removed = results.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
  return removed + (await clients.deleteExpired(now));
}
