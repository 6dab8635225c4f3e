import { resolveOptions } from '@gatehouse/errors';
import type { JWK } from 'jose';
import {
  exportSigningKey,
  importSigningKey,
  type PublicJwk,
  type SigningKey,
} from './signing-key.js';

const KEY_SET = Symbol.for('gatehouse.tokens.key-set');
const DEFAULT_RETAIN_SECONDS = 86_400;

/** A retired key: still accepted for verification until `until` (seconds since the epoch). */
export interface RetiredKey {
  readonly key: SigningKey;
  readonly until: number;
}

/**
 * The keys of an authorization server: one active signing key, plus retired keys kept for verification
 * until their last token has expired, so that rotation needs no downtime.
 */
export interface KeySet {
  /** The key new tokens are signed with. */
  readonly active: SigningKey;
  /** Retired keys that still verify, newest first. */
  readonly retired: readonly RetiredKey[];
  /**
   * Makes `next` the active key. The previous one keeps verifying for `retainSeconds` (default: the
   * set's `retainSeconds`); make that at least the token lifetime plus the verifiers' clock tolerance.
   */
  rotate(next: SigningKey, options?: { retainSeconds?: number }): void;
  /** Drops a retired key at once (a compromised key). The active key cannot be removed; rotate first. */
  remove(kid: string): boolean;
  /** The active or an unexpired retired key with this `kid`. */
  find(kid: string): SigningKey | undefined;
  /** The active key and every unexpired retired key. */
  verificationKeys(): SigningKey[];
  /** The public JWK Set to serve at `jwks_uri`. */
  publicJwks(): { keys: PublicJwk[] };
}

/** A stored key set: private JWKs, so keep it secret. */
export interface ExportedKeySet {
  active: JWK;
  retired: { jwk: JWK; until: number }[];
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function assertSeconds(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`${name}: retainSeconds must be a non-negative integer`);
  }
}

function assertSigningKey(name: string, key: unknown): asserts key is SigningKey {
  if (typeof key !== 'object' || key === null || !('privateKey' in key) || !('kid' in key)) {
    throw new TypeError(`${name}: expected a SigningKey`);
  }
}

/**
 * Creates a key set around an active signing key.
 *
 * @example
 * ```ts
 * import { createKeySet, generateSigningKey } from '@gatehouse/tokens';
 *
 * const keys = createKeySet({ active: await generateSigningKey() });
 * router.get('/jwks', (ctx) => { ctx.body = keys.publicJwks(); });
 * // later, without downtime:
 * keys.rotate(await generateSigningKey(), { retainSeconds: 3600 });
 * ```
 */
export function createKeySet(options: {
  active: SigningKey;
  retired?: readonly RetiredKey[];
  retainSeconds?: number;
}): KeySet {
  const name = 'createKeySet';
  const config = resolveOptions<{
    active: SigningKey;
    retired: readonly RetiredKey[];
    retainSeconds: number;
  }>(name, options, {
    defaults: { active: undefined, retired: [], retainSeconds: DEFAULT_RETAIN_SECONDS },
    required: ['active'],
  });
  const { retainSeconds } = config;
  assertSigningKey(name, config.active);
  assertSeconds(name, retainSeconds);
  let active = config.active;
  if (!Array.isArray(config.retired)) throw new TypeError(`${name}: retired must be an array`);
  let retired: RetiredKey[] = [...config.retired];
  for (const entry of retired) {
    assertSigningKey(name, entry?.key);
    if (typeof entry.until !== 'number')
      throw new TypeError(`${name}: retired[].until must be a number`);
  }

  const live = (): RetiredKey[] => {
    const now = nowSeconds();
    if (retired.some((entry) => entry.until <= now)) {
      retired = retired.filter((entry) => entry.until > now);
    }
    return retired;
  };

  const set: KeySet = {
    get active() {
      return active;
    },
    get retired() {
      return Object.freeze([...live()]);
    },
    rotate(next, rotateOptions = {}) {
      assertSigningKey('KeySet.rotate', next);
      const seconds = rotateOptions.retainSeconds ?? retainSeconds;
      assertSeconds('KeySet.rotate', seconds);
      if (next.kid === active.kid) throw new TypeError('KeySet.rotate: that key is already active');
      const previous = active;
      active = next;
      retired = [
        Object.freeze({ key: previous, until: nowSeconds() + seconds }),
        ...live().filter((entry) => entry.key.kid !== next.kid),
      ];
    },
    remove(kid) {
      const before = retired.length;
      retired = retired.filter((entry) => entry.key.kid !== kid);
      return retired.length !== before;
    },
    find(kid) {
      if (active.kid === kid) return active;
      return live().find((entry) => entry.key.kid === kid)?.key;
    },
    verificationKeys() {
      return [active, ...live().map((entry) => entry.key)];
    },
    publicJwks() {
      return { keys: set.verificationKeys().map((key) => ({ ...key.publicJwk })) };
    },
  };
  Object.defineProperty(set, KEY_SET, { value: true });
  return Object.freeze(set);
}

/** Whether `value` is a {@link KeySet} made by {@link createKeySet}. */
export function isKeySet(value: unknown): value is KeySet {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [KEY_SET]?: unknown })[KEY_SET] === true
  );
}

/**
 * The private JWKs of a key set with the retirement times, for storage (keep it secret).
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
    retired: await Promise.all(
      set.retired.map(async ({ key, until }) => ({ jwk: await exportSigningKey(key), until })),
    ),
  };
}

/**
 * Restores a key set stored with {@link exportKeySet}; retired keys past their time are dropped.
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
  if (typeof exported !== 'object' || exported === null || !Array.isArray(exported.retired)) {
    throw new TypeError('importKeySet: expected { active, retired }');
  }
  const retired = await Promise.all(
    exported.retired.map(async ({ jwk, until }) => {
      if (typeof until !== 'number')
        throw new TypeError('importKeySet: retired.until must be a number');
      return { key: await importSigningKey(jwk), until };
    }),
  );
  return createKeySet({
    active: await importSigningKey(exported.active),
    retired: retired.filter((entry) => entry.until > nowSeconds()),
    ...options,
  });
}
