import type { RefreshTokensTable } from '../schema.js';
import type { RefreshRotation, RefreshTokenRecord, RefreshTokenStore } from '../types.js';
import { query } from './atomic.js';
import { joinScopes, splitScopes, toOptionalSeconds, toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

function fromRow(row: RefreshTokensTable): RefreshTokenRecord {
  const token: RefreshTokenRecord = {
    tokenHash: row.token_hash,
    grantId: row.grant_id,
    clientId: row.client_id,
    resource: row.resource,
    scopes: splitScopes(row.scopes),
    expiresAt: toSeconds(row.expires_at),
  };
  const usedAt = toOptionalSeconds(row.used_at);
  if (usedAt !== undefined) token.usedAt = usedAt;
  return token;
}

function toRow(token: RefreshTokenRecord): RefreshTokensTable {
  return {
    token_hash: token.tokenHash,
    grant_id: token.grantId,
    client_id: token.clientId,
    resource: token.resource,
    scopes: joinScopes(token.scopes),
    expires_at: token.expiresAt,
    used_at: token.usedAt ?? null,
  };
}

/**
 * Refresh tokens over the `refresh_tokens` table. `rotate` marks the token used with one conditional
 * update (`used_at IS NULL AND expires_at > now … RETURNING`) and inserts the next token in the same
 * transaction: of concurrent rotations exactly one wins, and the winner's successor exists when it commits.
 * A used token stays `reused` (even past its expiry) until `deleteExpired` removes it.
 */
export function createSqlRefreshTokenStore(database: SqlDatabase): RefreshTokenStore {
  const { db } = database;
  return {
    async create(token) {
      await db.insertInto('refresh_tokens').values(toRow(token)).execute();
    },

    async get(tokenHash) {
      const row = await db
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    rotate(tokenHash, next, now) {
      return database.atomic<RefreshRotation>(function* () {
        const { rows: won } = yield* query(
          db
            .updateTable('refresh_tokens')
            .set({ used_at: now })
            .where('token_hash', '=', tokenHash)
            .where('used_at', 'is', null)
            .where('expires_at', '>', now)
            .returningAll(),
        );
        const previous = won[0];
        if (previous !== undefined) {
          yield* query(db.insertInto('refresh_tokens').values(toRow(next)));
          return { outcome: 'rotated', previous: fromRow(previous) };
        }
        const { rows } = yield* query(
          db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash),
        );
        const row = rows[0];
        if (row !== undefined && row.used_at !== null) {
          return { outcome: 'reused', previous: fromRow(row) };
        }
        return { outcome: 'unknown' };
      });
    },
  };
}
