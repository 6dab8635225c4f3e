import {
  type ClientCreateResult,
  type ClientMetadata,
  type ClientRecord,
  type ClientStore,
  RegistrationError,
} from '@gatehouse/registration';
import { type ExpressionBuilder, sql } from 'kysely';
import type { ClientsTable, Database } from '../schema.js';
import { query } from './atomic.js';
import { type Param, precompile } from './precompiled.js';
import { toOptionalSeconds, toSeconds } from './rows.js';
import type { SqlDatabase } from './sql-database.js';

function fromRow(row: ClientsTable): ClientRecord {
  const record: ClientRecord = {
    clientId: row.client_id,
    metadata: JSON.parse(row.metadata) as ClientMetadata,
    clientIdIssuedAt: toSeconds(row.client_id_issued_at),
  };
  if (row.client_secret_hash !== null) record.clientSecretHash = row.client_secret_hash;
  const secretExpiresAt = toOptionalSeconds(row.client_secret_expires_at);
  if (secretExpiresAt !== undefined) record.clientSecretExpiresAt = secretExpiresAt;
  const expiresAt = toOptionalSeconds(row.expires_at);
  if (expiresAt !== undefined) record.expiresAt = expiresAt;
  const lastUsedAt = toOptionalSeconds(row.last_used_at);
  if (lastUsedAt !== undefined) record.lastUsedAt = lastUsedAt;
  if (row.fingerprint !== null) record.fingerprint = row.fingerprint;
  return record;
}

function toRow(record: ClientRecord): ClientsTable {
  return {
    client_id: record.clientId,
    metadata: JSON.stringify(record.metadata),
    client_id_issued_at: record.clientIdIssuedAt,
    client_secret_hash: record.clientSecretHash ?? null,
    client_secret_expires_at: record.clientSecretExpiresAt ?? null,
    expires_at: record.expiresAt ?? null,
    last_used_at: record.lastUsedAt ?? null,
    fingerprint: record.fingerprint ?? null,
  };
}

/** `expires_at` absent or in the future: the client is active at `now`. */
function active(now: number) {
  return (eb: ExpressionBuilder<Database, 'clients'>) =>
    eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]);
}

/**
 * The {@link ClientStore} of `@gatehouse/registration` over the `clients` table. `create` checks the id and
 * the cap and inserts in one write transaction (SQLite `BEGIN IMMEDIATE`; on PostgreSQL behind a
 * transaction-scoped advisory lock per schema), so concurrent registrations cannot overshoot the cap.
 */
export function createSqlClientStore(database: SqlDatabase): ClientStore {
  const { db, dialect, run } = database;
  // every token request looks its client up
  const activeById = precompile((param: Param<{ id: string; now: number }>) =>
    db
      .selectFrom('clients')
      .selectAll()
      .where('client_id', '=', param('id'))
      .where(active(param('now'))),
  );
  return {
    async get(clientId, now) {
      const { rows } = await run(activeById.bind({ id: clientId, now }));
      return rows[0] === undefined ? undefined : fromRow(rows[0]);
    },

    create(record, { now, maxActive }) {
      return database.atomic<ClientCreateResult>(function* () {
        if (dialect === 'postgres') {
          yield* query({
            compile: () =>
              sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.gatehouse.clients'))`.compile(
                db,
              ),
          });
        }
        const { rows: existing } = yield* query(
          db.selectFrom('clients').select('client_id').where('client_id', '=', record.clientId),
        );
        if (existing.length > 0) {
          throw new RegistrationError('ERR_REGISTRATION_CLIENT_EXISTS', 'client id already exists');
        }
        if (maxActive > 0) {
          const { rows } = yield* query(
            db
              .selectFrom('clients')
              .select((eb) => eb.fn.countAll<number | string>().as('count'))
              .where(active(now)),
          );
          if (Number(rows[0]?.count ?? 0) >= maxActive) return 'limit_reached';
        }
        yield* query(db.insertInto('clients').values(toRow(record)));
        return 'created';
      });
    },

    async update(record) {
      const { client_id, ...changes } = toRow(record);
      const result = await db
        .updateTable('clients')
        .set(changes)
        .where('client_id', '=', client_id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(clientId) {
      const result = await db
        .deleteFrom('clients')
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async touch(clientId, now) {
      const result = await db
        .updateTable('clients')
        .set({ last_used_at: now, expires_at: null })
        .where('client_id', '=', clientId)
        .where(active(now))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async findByFingerprint(fingerprint, now) {
      const row = await db
        .selectFrom('clients')
        .selectAll()
        .where('fingerprint', '=', fingerprint)
        .where(active(now))
        .orderBy('client_id_issued_at', 'desc')
        .orderBy('client_id')
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },

    async deleteExpired(now) {
      const result = await db
        .deleteFrom('clients')
        .where('expires_at', 'is not', null)
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
