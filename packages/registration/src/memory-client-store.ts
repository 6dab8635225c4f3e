import {
  type ClientCreateResult,
  type ClientRecord,
  type ClientStore,
  isClientActive,
} from './client-store.js';
import { RegistrationError } from './errors.js';

function copy(record: ClientRecord): ClientRecord {
  return structuredClone(record);
}

/**
 * A {@link ClientStore} in process memory: for tests, single-process deployments and as the reference
 * the conformance suite is written against. Records are copied in and out, so callers cannot mutate
 * what is stored. Expired clients are purged whenever the cap is checked.
 *
 * @example
 * ```ts
 * import { createMemoryClientStore, createRegistrationPolicy, registerClient } from '@gatehouse/registration';
 *
 * const store = createMemoryClientStore();
 * const policy = createRegistrationPolicy({ allowedScopes: ['mcp:*'] });
 * const body = await registerClient(request, { store, policy });
 * ```
 */
export function createMemoryClientStore(): ClientStore {
  const clients = new Map<string, ClientRecord>();
  const byFingerprint = new Map<string, string>();

  const active = (clientId: string, now: number): ClientRecord | undefined => {
    const record = clients.get(clientId);
    return record !== undefined && isClientActive(record, now) ? record : undefined;
  };
  const remove = (clientId: string): boolean => {
    const record = clients.get(clientId);
    if (record === undefined) return false;
    clients.delete(clientId);
    if (record.fingerprint !== undefined && byFingerprint.get(record.fingerprint) === clientId) {
      byFingerprint.delete(record.fingerprint);
    }
    return true;
  };
  const put = (record: ClientRecord): void => {
    const previous = clients.get(record.clientId);
    if (
      previous?.fingerprint !== undefined &&
      byFingerprint.get(previous.fingerprint) === record.clientId
    ) {
      byFingerprint.delete(previous.fingerprint);
    }
    clients.set(record.clientId, copy(record));
    if (record.fingerprint !== undefined) byFingerprint.set(record.fingerprint, record.clientId);
  };
  const deleteExpired = (now: number): number => {
    let removed = 0;
    for (const [clientId, record] of clients) {
      if (!isClientActive(record, now) && remove(clientId)) removed++;
    }
    return removed;
  };

  return {
    async get(clientId, now) {
      const record = active(clientId, now);
      return record === undefined ? undefined : copy(record);
    },
    async create(record, { now, maxActive }): Promise<ClientCreateResult> {
      if (clients.has(record.clientId)) {
        throw new RegistrationError('ERR_REGISTRATION_CLIENT_EXISTS', 'client id already exists');
      }
      if (maxActive > 0 && clients.size >= maxActive) {
        deleteExpired(now);
        if (clients.size >= maxActive) return 'limit_reached';
      }
      put(record);
      return 'created';
    },
    async update(record) {
      if (!clients.has(record.clientId)) return false;
      put(record);
      return true;
    },
    async delete(clientId) {
      return remove(clientId);
    },
    async touch(clientId, now) {
      const record = active(clientId, now);
      if (record === undefined) return false;
      const { expiresAt: _expired, ...rest } = record;
      put({ ...rest, lastUsedAt: now });
      return true;
    },
    async findByFingerprint(fingerprint, now) {
      const clientId = byFingerprint.get(fingerprint);
      const record = clientId === undefined ? undefined : active(clientId, now);
      return record === undefined ? undefined : copy(record);
    },
    async deleteExpired(now) {
      return deleteExpired(now);
    },
  };
}
