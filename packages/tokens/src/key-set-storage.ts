import type { JWK } from 'jose';
import { createKeySet, type KeySet } from './key-set.js';
import { exportSigningKey, importSigningKey } from './signing-key.js';

/** A stored key set: private JWKs, so keep it secret. */
export interface ExportedKeySet {
  active: JWK;
  /** Pending keys, oldest first (absent in sets stored before pending keys existed). */
  pending?: JWK[];
  retired: { jwk: JWK; until: number }[];
}

/**
 * The private JWKs of a key set with the pending keys and the retirement times, for storage (keep it
 * secret).
 *
 * @example
 * ```ts
 * import { exportKeySet } from '@gatehouse/tokens';
 * await secretStore.put('keys', JSON.stringify(await exportKeySet(keys)));
 * ```
 */
export async function exportKeySet(set: KeySet): Promise<ExportedKeySet> {
  return {
    active: await exportSigningKey(set.active),
    pending: await Promise.all(set.pending.map((key) => exportSigningKey(key))),
    retired: await Promise.all(
      set.retired.map(async ({ key, until }) => ({ jwk: await exportSigningKey(key), until })),
    ),
  };
}

/**
 * Restores a key set stored with {@link exportKeySet}: the same active and pending keys; retired keys
 * past their time are dropped.
 *
 * @example
 * ```ts
 * import { importKeySet } from '@gatehouse/tokens';
 * const keys = await importKeySet(JSON.parse(await secretStore.get('keys')));
 * ```
 */
export async function importKeySet(
  exported: ExportedKeySet,
  options: { retainSeconds?: number } = {},
): Promise<KeySet> {
  if (
    typeof exported !== 'object' ||
    exported === null ||
    !Array.isArray(exported.retired) ||
    (exported.pending !== undefined && !Array.isArray(exported.pending))
  ) {
    throw new TypeError('importKeySet: expected { active, pending?, retired }');
  }
  const retired = await Promise.all(
    exported.retired.map(async ({ jwk, until }) => {
      if (typeof until !== 'number')
        throw new TypeError('importKeySet: retired.until must be a number');
      return { key: await importSigningKey(jwk), until };
    }),
  );
  const now = Math.floor(Date.now() / 1000);
  return createKeySet({
    active: await importSigningKey(exported.active),
    pending: await Promise.all((exported.pending ?? []).map((jwk) => importSigningKey(jwk))),
    retired: retired.filter((entry) => entry.until > now),
    ...options,
  });
}
