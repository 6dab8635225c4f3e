/** Deepest nesting of a claim value that rules may see. */
const MAX_CLAIM_DEPTH = 16;

/**
 * Whether a claim value is safe to hand to rules, which place claims into CASL (MongoDB-style)
 * conditions:
 * - no object inside it (at any depth) has a key starting with `$`, so a claim such as
 *   `{ "$ne": "acme" }` can never turn `{ tenant: claims.tenant }` into an operator query that matches
 *   every other tenant;
 * - it is not `null` and holds no `null` (CASL reads `{ tenant: null }`, like `undefined`, as "the field
 *   is absent" and matches every subject without the field);
 * - it is nested at most 16 levels deep.
 * An unsafe claim is left out, as if the token did not carry it.
 */
export function isSafeClaim(value: unknown, depth = 0): boolean {
  if (value === null) return false;
  if (typeof value !== 'object') return true;
  if (depth >= MAX_CLAIM_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isSafeClaim(item, depth + 1));
  for (const key of Object.keys(value)) {
    if (key.startsWith('$')) return false;
    if (!isSafeClaim((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
