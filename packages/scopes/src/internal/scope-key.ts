/**
 * An unambiguous, order-insensitive key for a token's scope list: the sorted, deduplicated strings
 * joined by spaces, or their JSON when an (invalid) entry holds a space, so `['a b']` and
 * `['a', 'b']` stay apart. The `s` / `j` prefix keeps the two forms apart.
 */
export function sortedKey(scopes: readonly unknown[]): string {
  if (!Array.isArray(scopes)) throw new TypeError('abilityFor: scopes must be an array');
  const strings: string[] = [];
  let spaced = false;
  for (const scope of scopes) {
    if (typeof scope !== 'string') continue;
    strings.push(scope);
    if (scope.includes(' ')) spaced = true;
  }
  strings.sort();
  const unique = strings.filter((scope, index) => scope !== strings[index - 1]);
  return spaced ? `j${JSON.stringify(unique)}` : `s${unique.join(' ')}`;
}

/** Whether two lists hold the same entries in the same order. */
export function sameEntries(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
