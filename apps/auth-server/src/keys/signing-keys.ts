import { resolveOptions } from '@gatehouse/errors';
import {
  createKeySet,
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  type KeySet,
  type SigningAlgorithm,
  type SigningKey,
} from '@gatehouse/tokens';
import type { JWK } from 'jose';
import type { SigningKeys } from '../context.js';
import type { SigningKeyRecord, SigningKeyStore } from '../store/types.js';
import { type KeySchedule, keySchedule } from './key-schedule.js';

/** Options of {@link loadSigningKeys}. */
export interface SigningKeysOptions {
  store: SigningKeyStore;
  /** A rotated key is published this long before it signs (resource servers' JWKS refetch interval). */
  publishSeconds: number;
  /** How long a superseded key keeps verifying: the longest token lifetime plus clock tolerance. */
  retainSeconds: number;
  /** Algorithm of new keys (default ES256). */
  alg?: SigningAlgorithm;
  /** Seconds since the epoch (default: the system clock). */
  now?: () => number;
}

/**
 * Loads the signing keys from the store, creating and persisting the first key (ES256) when there is none.
 * `current()` is a real `@gatehouse/tokens` `KeySet` (so the token issuer and verifier accept it): its
 * `active` key signs; keys in their publish window are its `pending` keys (published and verifying, never
 * signing) and superseded keys are `retired` until their retirement, so `publicJwks()` and verification
 * include them all. `current()` moves to the next key by itself when its activation time comes (the
 * schedule is persisted, so every replica switches at the same time); `refresh(now)` re-reads the store
 * (rotations and purges done by the CLI or another replica). Call `current()` for each use rather than
 * keeping the set.
 *
 * @example
 * ```ts
 * const keys = await loadSigningKeys({ store: store.signingKeys, publishSeconds: 900, retainSeconds: 3900 });
 * ctx.body = keys.current().publicJwks();
 * await keys.rotate(nowSeconds()); // published now, signs in 15 minutes
 * ```
 */
export async function loadSigningKeys(options: SigningKeysOptions): Promise<SigningKeys> {
  const config = resolveOptions<Required<SigningKeysOptions>>('loadSigningKeys', options, {
    defaults: {
      store: undefined,
      publishSeconds: undefined,
      retainSeconds: undefined,
      alg: 'ES256',
      now: () => Math.floor(Date.now() / 1000),
    },
    required: ['store', 'publishSeconds', 'retainSeconds'],
  });
  const { store, publishSeconds, retainSeconds, alg, now } = config;
  for (const [name, value] of [
    ['publishSeconds', publishSeconds],
    ['retainSeconds', retainSeconds],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new TypeError(`loadSigningKeys: ${name} must be a non-negative integer`);
    }
  }

  let records: SigningKeyRecord[] = [];
  let imported = new Map<string, SigningKey>();
  let cached: { set: KeySet; schedule: KeySchedule } | undefined;

  const create = async (at: number, activatesAt: number): Promise<SigningKeyRecord> => {
    const key = await generateSigningKey({ alg });
    const record: SigningKeyRecord = {
      kid: key.kid,
      privateJwk: { ...(await exportSigningKey(key)) },
      createdAt: at,
      activatesAt,
    };
    await store.create(record);
    imported.set(key.kid, key);
    return record;
  };

  const load = async (at: number): Promise<void> => {
    let listed = await store.list();
    if (listed.length === 0) {
      await create(at, at);
      listed = await store.list();
    }
    const next = new Map<string, SigningKey>();
    for (const record of listed) {
      next.set(
        record.kid,
        imported.get(record.kid) ?? (await importSigningKey(record.privateJwk as JWK)),
      );
    }
    records = listed;
    imported = next;
    cached = undefined;
  };

  const build = (at: number): { set: KeySet; schedule: KeySchedule } => {
    const schedule = keySchedule(records, at, retainSeconds);
    if (schedule === undefined) throw new Error('loadSigningKeys: no signing key loaded');
    const key = (record: SigningKeyRecord): SigningKey => imported.get(record.kid) as SigningKey;
    const set = createKeySet({
      active: key(schedule.active),
      pending: schedule.pending.map(key),
      retired: schedule.retired.map((entry) => ({ key: key(entry.key), until: entry.until })),
    });
    return { set, schedule };
  };

  await load(now());

  return {
    current() {
      const at = now();
      if (cached === undefined || at >= cached.schedule.changesAt) cached = build(at);
      return cached.set;
    },
    async rotate(at) {
      await load(at);
      const newest = [...records].sort((a, b) => a.activatesAt - b.activatesAt).at(-1);
      const record = await create(at, at + publishSeconds);
      if (newest !== undefined && newest.retiresAt === undefined) {
        await store.setRetiresAt(newest.kid, record.activatesAt + retainSeconds);
      }
      await load(at);
      return { kid: record.kid, activatesAt: record.activatesAt };
    },
    async refresh(at) {
      await load(at);
    },
  };
}
