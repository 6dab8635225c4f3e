import { resolveOptions } from '@gatehouse/errors';
import type { PublicJwk, SigningKey } from './signing-key.js';

const KEY_SET = Symbol.for('gatehouse.tokens.key-set');
const DEFAULT_RETAIN_SECONDS = 86_400;

/** A retired key: still accepted for verification until `until` (seconds since the epoch). */
export interface RetiredKey {
  readonly key: SigningKey;
  readonly until: number;
}

/** Options of {@link createKeySet}. */
export interface KeySetOptions {
  /** The key that signs. */
  active: SigningKey;
  /** Keys published and verifying, not signing yet (see {@link KeySet.publish}); oldest first. */
  pending?: readonly SigningKey[];
  /** Superseded keys that still verify until their `until`. */
  retired?: readonly RetiredKey[];
  /** How long `rotate` and `promote` keep the previous active key; default 86400 (one day). */
  retainSeconds?: number;
}

/**
 * The keys of an authorization server: one active signing key; pending keys, published before they
 * sign so that resource servers holding a freshly fetched JWK Set know them when they do; and retired
 * keys kept for verification until their last token has expired. Rotation needs no downtime and
 * refuses no valid token.
 */
export interface KeySet {
  /** The key new tokens are signed with. */
  readonly active: SigningKey;
  /** Published and accepted for verification, never used to sign until promoted; oldest first. */
  readonly pending: readonly SigningKey[];
  /** Retired keys that still verify, newest first. */
  readonly retired: readonly RetiredKey[];
  /**
   * Publishes `next` as a pending key: in `publicJwks()` and accepted for verification at once, but
   * not signing. Call {@link KeySet.promote} once resource servers have had time to refetch the JWK
   * Set (their cache lifetime or refetch cooldown).
   */
  publish(next: SigningKey): void;
  /**
   * Makes a pending key the active one (the one whose `kid` is given, or the oldest); the previous
   * active key is retired for `retainSeconds` (default: the set's). Returns the new active key. No
   * pending key (or none with that `kid`) is a caller mistake: `TypeError`.
   */
  promote(options?: { kid?: string; retainSeconds?: number }): SigningKey;
  /**
   * Makes `next` the active key at once (unpublished until now, or pending). The previous one keeps
   * verifying for `retainSeconds` (default: the set's `retainSeconds`); make that at least the token
   * lifetime plus the verifiers' clock tolerance. Prefer `publish` then `promote` when resource
   * servers cache the JWK Set.
   */
  rotate(next: SigningKey, options?: { retainSeconds?: number }): void;
  /** Drops a retired or pending key at once (a compromised key). Not the active key: rotate first. */
  remove(kid: string): boolean;
  /** The active, a pending or an unexpired retired key with this `kid`. */
  find(kid: string): SigningKey | undefined;
  /** The active key, the pending keys and every unexpired retired key. */
  verificationKeys(): SigningKey[];
  /** The public JWK Set to serve at `jwks_uri`: the keys of `verificationKeys()`. */
  publicJwks(): { keys: PublicJwk[] };
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

function assertList(name: string, field: string, value: unknown): asserts value is unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${name}: ${field} must be an array`);
}

/**
 * Creates a key set around an active signing key, with pending and retired keys if any (as restored
 * from storage). A `kid` may appear only once across the active, pending and retired keys.
 *
 * @example
 * ```ts
 * import { createKeySet, generateSigningKey } from '@gatehouse/tokens';
 *
 * const keys = createKeySet({ active: await generateSigningKey(), retainSeconds: 3600 });
 * router.get('/jwks', (ctx) => { ctx.body = keys.publicJwks(); });
 * // rotation: publish the next key first, sign with it once resource servers have refetched
 * keys.publish(await generateSigningKey());
 * setTimeout(() => keys.promote(), 15 * 60 * 1000); // the previous key verifies 3600 s more
 * ```
 */
export function createKeySet(options: KeySetOptions): KeySet {
  const name = 'createKeySet';
  const config = resolveOptions<Required<KeySetOptions>>(name, options, {
    defaults: {
      active: undefined,
      pending: [],
      retired: [],
      retainSeconds: DEFAULT_RETAIN_SECONDS,
    },
    required: ['active'],
  });
  const { retainSeconds } = config;
  assertSigningKey(name, config.active);
  assertSeconds(name, retainSeconds);
  assertList(name, 'pending', config.pending);
  assertList(name, 'retired', config.retired);
  let active = config.active;
  let pending: SigningKey[] = [...config.pending];
  let retired: RetiredKey[] = [...config.retired];
  for (const key of pending) assertSigningKey(name, key);
  for (const entry of retired) {
    assertSigningKey(name, entry?.key);
    if (typeof entry.until !== 'number')
      throw new TypeError(`${name}: retired[].until must be a number`);
  }
  const kids = [active, ...pending, ...retired.map((entry) => entry.key)].map((key) => key.kid);
  if (new Set(kids).size !== kids.length) {
    throw new TypeError(
      `${name}: a kid appears more than once among the active, pending and retired keys`,
    );
  }

  const live = (): RetiredKey[] => {
    const now = nowSeconds();
    if (retired.some((entry) => entry.until <= now)) {
      retired = retired.filter((entry) => entry.until > now);
    }
    return retired;
  };

  function switchTo(method: string, next: SigningKey, seconds: number | undefined): void {
    const retain = seconds ?? retainSeconds;
    assertSeconds(`KeySet.${method}`, retain);
    const previous = active;
    active = next;
    pending = pending.filter((key) => key.kid !== next.kid);
    retired = [
      Object.freeze({ key: previous, until: nowSeconds() + retain }),
      ...live().filter((entry) => entry.key.kid !== next.kid),
    ];
  }

  const set: KeySet = {
    get active() {
      return active;
    },
    get pending() {
      return Object.freeze([...pending]);
    },
    get retired() {
      return Object.freeze([...live()]);
    },
    publish(next) {
      assertSigningKey('KeySet.publish', next);
      if (next.kid === active.kid || pending.some((key) => key.kid === next.kid)) {
        throw new TypeError('KeySet.publish: that key is already active or pending');
      }
      // a retired key published again is pending now, not also retired
      retired = live().filter((entry) => entry.key.kid !== next.kid);
      pending = [...pending, next];
    },
    promote(promoteOptions = {}) {
      if (typeof promoteOptions !== 'object' || promoteOptions === null) {
        throw new TypeError('KeySet.promote: expected { kid?, retainSeconds? }');
      }
      const { kid, retainSeconds: seconds } = promoteOptions;
      const next = kid === undefined ? pending[0] : pending.find((key) => key.kid === kid);
      if (next === undefined) {
        throw new TypeError(`KeySet.promote: no pending key${kid === undefined ? '' : ` ${kid}`}`);
      }
      switchTo('promote', next, seconds);
      return next;
    },
    rotate(next, rotateOptions = {}) {
      assertSigningKey('KeySet.rotate', next);
      if (next.kid === active.kid) throw new TypeError('KeySet.rotate: that key is already active');
      switchTo('rotate', next, rotateOptions.retainSeconds);
    },
    remove(kid) {
      const before = retired.length + pending.length;
      retired = retired.filter((entry) => entry.key.kid !== kid);
      pending = pending.filter((key) => key.kid !== kid);
      return retired.length + pending.length !== before;
    },
    find(kid) {
      if (active.kid === kid) return active;
      return (
        pending.find((key) => key.kid === kid) ?? live().find((entry) => entry.key.kid === kid)?.key
      );
    },
    verificationKeys() {
      return [active, ...pending, ...live().map((entry) => entry.key)];
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
