import type { JsonValue } from './event.js';
import { createFingerprinter } from './internal/fingerprint.js';
import { createStringRedactor } from './internal/redact-string.js';
import { createWalker } from './internal/redact-walk.js';
import { isSecretKey, normalizeKey } from './internal/secret-keys.js';

/**
 * Rules added to the built-in ones. The built-in rules cannot be turned off.
 */
export interface RedactionOptions {
  /** More property names that hold secrets: a string (compared like the built-in names: case, `_`
   * and `-` ignored) or a RegExp tested against the name as written. */
  keys?: readonly (string | RegExp)[];
  /** Patterns whose every match inside any string is replaced by its fingerprint. */
  patterns?: readonly RegExp[];
  /** The HMAC key of fingerprints (at least 16 bytes). Set a stable secret to correlate fingerprints
   * across restarts and processes; by default each redactor makes a random one. */
  fingerprintKey?: string | Uint8Array;
}

/**
 * Turns any value into JSON with every secret replaced by `[redacted:<12 hex digits>]`, a keyed
 * fingerprint (HMAC-SHA256 prefix) that still lets events about the same secret be correlated.
 */
export interface Redactor {
  /** A JSON copy of `value`, redacted and bounded (depth 8, 256 items per array or object, strings
   * cut at 4,096 characters after redaction, and in all about 64 Ki characters and 4,096 values:
   * past that, `"[truncated]"` items and a `"[truncated]": true` property). `undefined` for values
   * JSON leaves out. */
  redact(value: unknown): JsonValue | undefined;
  /** The marker that replaces `secret`. */
  mark(secret: string): string;
}

const encoder = new TextEncoder();

function checkOptions(options: RedactionOptions): void {
  const { keys = [], patterns = [], fingerprintKey } = options;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' || k instanceof RegExp)) {
    throw new TypeError('createRedactor: "keys" must be an array of strings and RegExps');
  }
  if (!Array.isArray(patterns) || !patterns.every((p) => p instanceof RegExp)) {
    throw new TypeError('createRedactor: "patterns" must be an array of RegExps');
  }
  if (fingerprintKey !== undefined) {
    const length =
      typeof fingerprintKey === 'string'
        ? encoder.encode(fingerprintKey).length
        : fingerprintKey instanceof Uint8Array
          ? fingerprintKey.length
          : -1;
    if (length < 16) {
      throw new TypeError(
        'createRedactor: "fingerprintKey" must be a string or bytes, >= 16 bytes',
      );
    }
  }
}

/**
 * A redactor with the built-in rules plus `options`. Built in: properties named like tokens,
 * secrets, passwords, codes, verifiers, assertions, cookies, API and private keys, credentials and
 * `authorization` (see the README for the exact list); and, inside every string, JWS/JWE-shaped
 * values, `Bearer`/`Basic`/`DPoP` credentials, the userinfo of URLs (user name and password, to
 * the last `@` of the authority), and query and form parameters and `name: value` pairs named like
 * secrets; in a flat list of header names and values (Node's `rawHeaders`), the value after a name
 * that the property-name rule (with `keys`) calls a secret.
 * Error objects are reduced to `name` and `code` (messages can carry anything).
 *
 * @example
 * ```ts
 * import { createRedactor } from '@gatehouse/audit';
 *
 * const redactor = createRedactor({ keys: ['ssn'], patterns: [/\bsk_live_\w+/g] });
 * redactor.redact({ refresh_token: 'rt-123', note: 'key sk_live_abc', ssn: '078-05-1120' });
 * // { refresh_token: '[redacted:…]', note: 'key [redacted:…]', ssn: '[redacted:…]' }
 * ```
 */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createRedactor: options must be an object');
  }
  checkOptions(options);
  const key =
    typeof options.fingerprintKey === 'string'
      ? encoder.encode(options.fingerprintKey)
      : (options.fingerprintKey ?? crypto.getRandomValues(new Uint8Array(32)));
  const fingerprint = createFingerprinter(key);
  const mark = (secret: string): string => `[redacted:${fingerprint(secret)}]`;

  const extraNames = new Set<string>();
  const extraKeyPatterns: RegExp[] = [];
  for (const k of options.keys ?? []) {
    if (typeof k === 'string') extraNames.add(normalizeKey(k));
    else extraKeyPatterns.push(new RegExp(k.source, k.flags.replace(/[gy]/g, '')));
  }
  const patterns = (options.patterns ?? []).map(
    (p) => new RegExp(p.source, p.flags.includes('g') ? p.flags.replace('y', '') : `${p.flags}g`),
  );

  // names repeat from event to event (property names, parameter names): remember (bounded)
  const decided = new Map<string, boolean>();
  const isSecretName = (name: string): boolean => {
    let secret = decided.get(name);
    if (secret === undefined) {
      secret =
        isSecretKey(name) ||
        extraNames.has(normalizeKey(name)) ||
        extraKeyPatterns.some((pattern) => pattern.test(name));
      if (decided.size < 4096) decided.set(name, secret);
    }
    return secret;
  };
  const redact = createWalker(
    mark,
    isSecretName,
    createStringRedactor(mark, isSecretName, patterns),
  );
  return Object.freeze({ redact, mark });
}
