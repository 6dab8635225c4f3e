import type { RefreshTokensTable } from '../schema.js';
import type { RefreshRotation, RefreshTokenRecord, RefreshTokenStore } from '../types.js';
import { query } from './atomic.js';
import { type Param, precompile } from './precompiled.js';
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
  const { db, run } = database;
  const insert = precompile((param: Param<RefreshTokensTable>) =>
    db.insertInto('refresh_tokens').values({
      token_hash: param('token_hash'),
      grant_id: param('grant_id'),
      client_id: param('client_id'),
      resource: param('resource'),
      scopes: param('scopes'),
      expires_at: param('expires_at'),
      used_at: param('used_at'),
    }),
  );
  const byHash = precompile((param: Param<{ hash: string }>) =>
    db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', param('hash')),
  );
  const markUsed = precompile((param: Param<{ hash: string; now: number }>) =>
    db
      .updateTable('refresh_tokens')
      .set({ used_at: param('now') })
      .where('token_hash', '=', param('hash'))
      .where('used_at', 'is', null)
      .where('expires_at', '>', param('now'))
      .returningAll(),
  );
  return {
    async create(token) {
      await run(insert.bind(toRow(token)));
    },

    async get(tokenHash) {
      const { rows } = await run(byHash.bind({ hash: tokenHash }));
      return rows[0] === undefined ? undefined : fromRow(rows[0]);
    },

    rotate(tokenHash, next, now) {
      return database.atomic<RefreshRotation>(function* () {
        const { rows: won } = yield* query(markUsed.bind({ hash: tokenHash, now }));
        const previous = won[0];
        if (previous !== undefined) {
          yield* query(insert.bind(toRow(next)));
          return { outcome: 'rotated', previous: fromRow(previous) };
        }
        const { rows } = yield* query(byHash.bind({ hash: tokenHash }));
        const row = rows[0];
        if (row !== undefined && row.used_at !== null) {
          return { outcome: 'reused', previous: fromRow(row) };
        }
        return { outcome: 'unknown' };
      });
    },
  };
}
