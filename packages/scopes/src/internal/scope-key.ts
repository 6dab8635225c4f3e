/**
 * The scopes joined by single spaces, in their order: a cheap memo key for a list of scopes read from
 * a token, which comes in the same order every time. Undefined when an entry is not a string, is empty
 * or holds a space: splitting the key at spaces then gives the list back exactly, so two different
 * lists never share a key (`['a b']` and `['a', 'b']` cannot collide).
 */
export function orderedKey(scopes: readonly unknown[]): string | undefined {
  let key = '';
  for (let index = 0; index < scopes.length; index++) {
    const scope = scopes[index];
    if (typeof scope !== 'string' || scope.length === 0 || scope.includes(' ')) return undefined;
    key = index === 0 ? scope : `${key} ${scope}`;
  }
  return key;
}

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
