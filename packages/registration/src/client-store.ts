import type { ClientMetadata } from './client-metadata.js';

/**
 * A registered client as a {@link ClientStore} keeps it. Times are seconds since the epoch. The secret
 * itself is never stored, only its hash.
 */
export interface ClientRecord {
  clientId: string;
  metadata: ClientMetadata;
  clientIdIssuedAt: number;
  /** `sha256:<base64url>` of the client secret; absent for clients without a secret. */
  clientSecretHash?: string;
  /** When the secret expires; 0 means never. Present exactly when `clientSecretHash` is. */
  clientSecretExpiresAt?: number;
  /** When this client expires unless it completes an authorization first; absent: it does not. */
  expiresAt?: number;
  /** The last completed authorization (see {@link ClientStore.touch}). */
  lastUsedAt?: number;
  /** Identifies identical registrations, for deduplication; absent for clients that are never deduplicated. */
  fingerprint?: string;
}

/** What {@link ClientStore.create} did. */
export type ClientCreateResult = 'created' | 'limit_reached';

/**
 * Where registered clients live. Every method takes the current time when it matters, so stores need no
 * clock and behave the same in tests. A client is *active* until its `expiresAt` (if any) has passed;
 * expired clients are invisible to `get` and `findByFingerprint` and do not count towards the cap.
 * `@gatehouse/registration/testing` has a conformance suite every implementation should pass.
 *
 * @example
 * ```ts
 * import { createMemoryClientStore, type ClientStore } from '@gatehouse/registration';
 *
 * const store: ClientStore = createMemoryClientStore();
 * const client = await store.get('8Z0Jb6w7Wf2yPp4nRrS1aQ', Math.floor(Date.now() / 1000));
 * ```
 */
export interface ClientStore {
  /** The active client with this id, or undefined. */
  get(clientId: string, now: number): Promise<ClientRecord | undefined>;
  /**
   * Adds a client unless `maxActive` (0: no cap) active clients exist already, atomically with the count.
   * Rejects with `ERR_REGISTRATION_CLIENT_EXISTS` if the id is taken.
   */
  create(
    record: ClientRecord,
    limits: { now: number; maxActive: number },
  ): Promise<ClientCreateResult>;
  /** Replaces a client; false if there is no client with that id. */
  update(record: ClientRecord): Promise<boolean>;
  /** Removes a client; false if there was none. */
  delete(clientId: string): Promise<boolean>;
  /** Records a completed authorization: sets `lastUsedAt` and clears `expiresAt`. False if unknown or expired. */
  touch(clientId: string, now: number): Promise<boolean>;
  /** The active client registered with this fingerprint, or undefined. */
  findByFingerprint(fingerprint: string, now: number): Promise<ClientRecord | undefined>;
  /** Removes every expired client; resolves to how many were removed. */
  deleteExpired(now: number): Promise<number>;
}

/**
 * Whether `record` is active at `now` (seconds): it has no `expiresAt` or it lies in the future.
 *
 * @example
 * ```ts
 * import { isClientActive } from '@gatehouse/registration';
 * isClientActive(record, Math.floor(Date.now() / 1000));
 * ```
 */
export function isClientActive(record: ClientRecord, now: number): boolean {
  return record.expiresAt === undefined || record.expiresAt > now;
}
