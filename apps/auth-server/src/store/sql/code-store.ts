import type { CodesTable } from '../schema.js';
import type { CodeRecord, CodeStore } from '../types.js';
import { type Param, precompile } from './precompiled.js';
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
 * used code stays `reused` (even past its expiry) as long as its grant exists and has not expired:
 * `deleteExpired` keeps it until then, so a late replay still revokes the grant.
 */
export function createSqlCodeStore({ db, run }: SqlDatabase): CodeStore {
  const insert = precompile((param: Param<CodesTable>) =>
    db.insertInto('codes').values({
      code_hash: param('code_hash'),
      client_id: param('client_id'),
      user_id: param('user_id'),
      redirect_uri: param('redirect_uri'),
      resource: param('resource'),
      scopes: param('scopes'),
      code_challenge: param('code_challenge'),
      grant_id: param('grant_id'),
      expires_at: param('expires_at'),
      used_at: param('used_at'),
    }),
  );
  const redeem = precompile((param: Param<{ hash: string; now: number }>) =>
    db
      .updateTable('codes')
      .set({ used_at: param('now') })
      .where('code_hash', '=', param('hash'))
      .where('used_at', 'is', null)
      .where('expires_at', '>', param('now'))
      .returningAll(),
  );
  const byHash = precompile((param: Param<{ hash: string }>) =>
    db.selectFrom('codes').selectAll().where('code_hash', '=', param('hash')),
  );
  return {
    async create(code) {
      await run(
        insert.bind({
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
        }),
      );
    },

    async redeem(codeHash, now) {
      const { rows: won } = await run(redeem.bind({ hash: codeHash, now }));
      if (won[0] !== undefined) return { outcome: 'redeemed', code: fromRow(won[0]) };
      const { rows } = await run(byHash.bind({ hash: codeHash }));
      const row = rows[0];
      if (row !== undefined && row.used_at !== null)
        return { outcome: 'reused', code: fromRow(row) };
      return { outcome: 'unknown' };
    },
  };
}
