/** Snapshot-checked, order-insensitive cache keys for scope lists. */
const scopeKeys = new WeakMap<readonly unknown[], { snapshot: readonly unknown[]; key: string }>();

/**
 * An unambiguous, order-insensitive key for a token's scope list (JSON of the sorted strings), cached
 * per array and re-derived when the array's entries change.
 */
export function scopeKeyOf(scopes: readonly unknown[]): string {
  if (!Array.isArray(scopes)) throw new TypeError('abilityFor: scopes must be an array');
  const cached = scopeKeys.get(scopes);
  if (cached !== undefined && sameEntries(cached.snapshot, scopes)) return cached.key;
  const snapshot = scopes.slice();
  const strings: string[] = [];
  let spaced = false;
  for (const scope of snapshot) {
    if (typeof scope !== 'string') continue;
    strings.push(scope);
    if (scope.includes(' ')) spaced = true;
  }
  strings.sort();
  const unique = strings.filter((scope, index) => scope !== strings[index - 1]);
  // A space never occurs in a scope token, so joining with one is unambiguous unless an (invalid)
  // entry holds one; then JSON keeps ['a b'] and ['a', 'b'] apart. The prefix keeps the two forms
  // apart. Claims are appended after a NUL, which JSON never contains raw, so the last NUL splits.
  const key = spaced ? `j${JSON.stringify(unique)}` : `s${unique.join(' ')}`;
  scopeKeys.set(scopes, { snapshot, key });
  return key;
}

export function sameEntries(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
