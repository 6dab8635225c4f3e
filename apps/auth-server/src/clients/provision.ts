import { readFileSync } from 'node:fs';
import { GatehouseError } from '@gatehouse/errors';
import {
  type ClientRecord,
  type ClientStore,
  hashClientSecret,
  RegistrationError,
} from '@gatehouse/registration';
import type { ClientSecretSource, ConfiguredClient } from '../context.js';

/** Secrets from the environment or a file must be long enough to be random (a SHA-256 guards them). */
const MIN_SECRET_LENGTH = 32;

/** Options of {@link provisionClients}. */
export interface ProvisionOptions {
  /** Where `client_secret_env` names are read; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Seconds since the epoch. */
  now: number;
}

function secretError(field: string, why: string): GatehouseError {
  return new GatehouseError('ERR_CONFIG_INVALID', `invalid configuration:\n  ${field}: ${why}`);
}

/**
 * The stored form (`sha256:…`, registration's `hashClientSecret`) of a configured client's secret:
 * the configured hash as is, or the hash of an environment variable's value or a file's content (one
 * trailing newline dropped). Those must hold at least 32 characters. Throws `ERR_CONFIG_INVALID`
 * naming the field (`clients[0].client_secret_env`) when the source cannot be read.
 */
export async function resolveSecretHash(
  source: ClientSecretSource,
  field: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  if ('hash' in source) return source.hash;
  let secret: string | undefined;
  if ('env' in source) {
    secret = env[source.env];
    if (secret === undefined || secret === '') {
      throw secretError(`${field}.client_secret_env`, `${source.env} is not set`);
    }
  } else {
    try {
      secret = readFileSync(source.file, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw secretError(`${field}.client_secret_file`, `${source.file} cannot be read`);
    }
  }
  if ([...secret].length < MIN_SECRET_LENGTH) {
    const key = 'env' in source ? 'client_secret_env' : 'client_secret_file';
    throw secretError(
      `${field}.${key}`,
      `the secret must have at least ${MIN_SECRET_LENGTH} characters (use a random one)`,
    );
  }
  return hashClientSecret(secret);
}

/**
 * Stores the configuration's `clients` at start: each one is created, or replaced when a client with
 * its id exists (the configuration wins: metadata and secret hash), without expiry and never
 * deduplicated. Clients removed from the configuration stay stored (`gatehouse-auth clients remove`).
 * Resolves to the ids stored.
 */
export async function provisionClients(
  store: ClientStore,
  clients: readonly ConfiguredClient[],
  options: ProvisionOptions,
): Promise<string[]> {
  const env = options.env ?? process.env;
  const records: ClientRecord[] = [];
  for (const [index, client] of clients.entries()) {
    const record: ClientRecord = {
      clientId: client.clientId,
      metadata: structuredClone(client.metadata),
      clientIdIssuedAt: options.now,
    };
    if (client.secret !== undefined) {
      record.clientSecretHash = await resolveSecretHash(client.secret, `clients[${index}]`, env);
      record.clientSecretExpiresAt = 0;
    }
    records.push(record);
  }
  for (const record of records) await upsert(store, record, options.now);
  return records.map((record) => record.clientId);
}

async function upsert(store: ClientStore, record: ClientRecord, now: number): Promise<void> {
  const existing = await store.get(record.clientId, now);
  if (existing !== undefined) {
    const kept: ClientRecord = { ...record, clientIdIssuedAt: existing.clientIdIssuedAt };
    if (existing.lastUsedAt !== undefined) kept.lastUsedAt = existing.lastUsedAt;
    if (await store.update(kept)) return;
  }
  try {
    await store.create(record, { now, maxActive: 0 });
  } catch (error) {
    // an expired row with this id, or another replica that stored it a moment ago: replace it
    if (!RegistrationError.isInstance(error) || error.code !== 'ERR_REGISTRATION_CLIENT_EXISTS') {
      throw error;
    }
    await store.update(record);
  }
}
