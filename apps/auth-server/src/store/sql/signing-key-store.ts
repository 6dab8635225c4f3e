import type { SigningKeysTable } from '../schema.js';
import type { SigningKeyRecord, SigningKeyStore } from '../types.js';
import { toOptionalSeconds, toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

function fromRow(row: SigningKeysTable): SigningKeyRecord {
  const key: SigningKeyRecord = {
    kid: row.kid,
    privateJwk: JSON.parse(row.private_jwk) as Record<string, unknown>,
    createdAt: toSeconds(row.created_at),
    activatesAt: toSeconds(row.activates_at),
  };
  const retiresAt = toOptionalSeconds(row.retires_at);
  if (retiresAt !== undefined) key.retiresAt = retiresAt;
  return key;
}

/** Signing keys over the `signing_keys` table (private JWKs: the database is secret). */
export function createSqlSigningKeyStore({ db }: SqlDatabase): SigningKeyStore {
  return {
    async list() {
      const rows = await db
        .selectFrom('signing_keys')
        .selectAll()
        .orderBy('activates_at')
        .orderBy('created_at')
        .orderBy('kid')
        .execute();
      return rows.map(fromRow);
    },
    async create(key) {
      await db
        .insertInto('signing_keys')
        .values({
          kid: key.kid,
          private_jwk: JSON.stringify(key.privateJwk),
          created_at: key.createdAt,
          activates_at: key.activatesAt,
          retires_at: key.retiresAt ?? null,
        })
        .execute();
    },
    async setRetiresAt(kid, retiresAt) {
      await db
        .updateTable('signing_keys')
        .set({ retires_at: retiresAt })
        .where('kid', '=', kid)
        .execute();
    },
    async delete(kid) {
      await db.deleteFrom('signing_keys').where('kid', '=', kid).execute();
    },
  };
}
