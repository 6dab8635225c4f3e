import type { CodesTable } from '../schema.js';
import type { CodeRecord, CodeStore } from '../types.js';
import { joinScopes, splitScopes, toOptionalSeconds, toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

function fromRow(row: CodesTable): CodeRecord {
  const code: CodeRecord = {
    codeHash: row.code_hash,
    clientId: row.client_id,
    userId: row.user_id,
    redirectUri: row.redirect_uri,
    resource: row.resource,
    scopes: splitScopes(row.scopes),
    codeChallenge: row.code_challenge,
    grantId: row.grant_id,
    expiresAt: toSeconds(row.expires_at),
  };
  const usedAt = toOptionalSeconds(row.used_at);
  if (usedAt !== undefined) code.usedAt = usedAt;
  return code;
}

/**
 * Authorization codes over the `codes` table. `redeem` is one conditional update (`used_at IS NULL AND
 * expires_at > now … RETURNING`): the database lets exactly one of any number of concurrent calls win. A
 * used code stays `reused` (even past its expiry) until `deleteExpired` removes it.
 */
export function createSqlCodeStore({ db }: SqlDatabase): CodeStore {
  return {
    async create(code) {
      await db
        .insertInto('codes')
        .values({
          code_hash: code.codeHash,
          client_id: code.clientId,
          user_id: code.userId,
          redirect_uri: code.redirectUri,
          resource: code.resource,
          scopes: joinScopes(code.scopes),
          code_challenge: code.codeChallenge,
          grant_id: code.grantId,
          expires_at: code.expiresAt,
          used_at: code.usedAt ?? null,
        })
        .execute();
    },

    async redeem(codeHash, now) {
      const won = await db
        .updateTable('codes')
        .set({ used_at: now })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      if (won !== undefined) return { outcome: 'redeemed', code: fromRow(won) };
      const row = await db
        .selectFrom('codes')
        .selectAll()
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      if (row !== undefined && row.used_at !== null)
        return { outcome: 'reused', code: fromRow(row) };
      return { outcome: 'unknown' };
    },
  };
}
