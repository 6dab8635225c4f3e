import type { ClientStore } from '@gatehouse/registration';
import type { SqlDatabase } from './sql-database.js';

/**
 * Removes what has expired at `now`: refresh tokens and grants past `expires_at` (used or not, revoked
 * or not), unused codes past `expires_at`, remembered assertions, signing keys past `retires_at`, and
 * expired (never used) clients. A used code stays while its grant exists and has not expired, even
 * past the code's own expiry: a replay of it must still be seen as reuse and revoke the grant
 * (RFC 9700 4.5, OAuth 2.1 4.1.3); once the grant is gone there is nothing left to revoke. Resolves
 * to the number of rows removed.
 */
export async function deleteExpired(
  { db }: SqlDatabase,
  clients: ClientStore,
  now: number,
): Promise<number> {
  const results = await Promise.all([
    db
      .deleteFrom('codes')
      .where('expires_at', '<=', now)
      .where((eb) =>
        eb.or([
          eb('used_at', 'is', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('grants')
                .select('grants.id')
                .whereRef('grants.id', '=', 'codes.grant_id')
                .where('grants.expires_at', '>', now),
            ),
          ),
        ]),
      )
      .executeTakeFirst(),
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
