import { patternCovers, toPattern } from './internal/pattern.js';
import { sameEntries } from './internal/scope-key.js';
import { compileScopes, isScopeSet, type ScopeSet } from './scope-set.js';

/**
 * Whether pattern `a` covers pattern `b`: every concrete scope `b` matches is also matched by `a`.
 * This is what an authorization server asks to decide whether a requested (possibly wildcard) scope
 * lies within a client's allowed scopes. Reflexive and transitive. Throws a {@link ScopeError} if
 * either argument is malformed.
 *
 * @example
 * ```ts
 * import { scopeCovers } from '@gatehouse/scopes';
 *
 * scopeCovers('mcp:tools:*', 'mcp:tools:weather'); // true
 * scopeCovers('mcp:tools:*', 'mcp:tools:*:admin'); // true
 * scopeCovers('mcp:*:read', 'mcp:tools:*'); // false
 * scopeCovers('mcp:tools:weather', 'mcp:tools:*'); // false
 * ```
 */
export function scopeCovers(a: string, b: string): boolean {
  return patternCovers(toPattern(a), toPattern(b));
}

const compiled = new WeakMap<readonly string[], { snapshot: readonly string[]; set: ScopeSet }>();

/**
 * Whether any granted pattern satisfies the required scope (R12: a broader granted scope satisfies a
 * narrower required one). `required` is normally a concrete scope; if it is a pattern, some single
 * granted pattern must cover it. Throws a {@link ScopeError} if any argument is malformed.
 *
 * `granted` may be an array (compiled once and cached for as long as the array is alive and
 * unchanged) or a {@link ScopeSet} from {@link compileScopes}.
 *
 * @example
 * ```ts
 * import { scopeSatisfies } from '@gatehouse/scopes';
 *
 * scopeSatisfies(['mcp:tools:*'], 'mcp:tools:weather'); // true
 * scopeSatisfies(['mcp:tools:weather'], 'mcp:tools:search'); // false
 * scopeSatisfies(['mcp:tools'], 'mcp:tools:weather'); // false: no implicit hierarchy
 * ```
 */
export function scopeSatisfies(granted: readonly string[] | ScopeSet, required: string): boolean {
  if (isScopeSet(granted)) return granted.satisfies(required);
  if (!Array.isArray(granted)) {
    throw new TypeError('scopeSatisfies: granted must be an array of scopes or a ScopeSet');
  }
  return setFor(granted).satisfies(required);
}

function setFor(granted: readonly string[]): ScopeSet {
  const cached = compiled.get(granted);
  if (cached !== undefined && sameEntries(cached.snapshot, granted)) return cached.set;
  const snapshot = granted.slice();
  const set = compileScopes(snapshot);
  compiled.set(granted, { snapshot, set });
  return set;
}

/** The outcome of {@link narrowScopes}. */
export interface NarrowedScopes {
  /** The requested scopes some allowed pattern covers, deduplicated, in request order. */
  kept: string[];
  /** The requested scopes no allowed pattern covers, deduplicated, in request order. */
  dropped: string[];
}

/**
 * Splits `requested` into the largest subset that `allowed` covers (`kept`) and the rest
 * (`dropped`). A requested scope is kept only if a single allowed pattern covers it entirely; a
 * requested wildcard broader than what is allowed is dropped, never silently shrunk. Use `dropped`
 * for an `invalid_scope` decision, or `kept` to downscope (on refresh: `allowed` is the original
 * grant). Throws a {@link ScopeError} if any entry is malformed.
 *
 * @example
 * ```ts
 * import { narrowScopes } from '@gatehouse/scopes';
 *
 * narrowScopes(['mcp:tools:weather', 'mcp:tools:*', 'mcp:admin'], ['mcp:tools:weather', 'mcp:prompts:*']);
 * // { kept: ['mcp:tools:weather'], dropped: ['mcp:tools:*', 'mcp:admin'] }
 * ```
 */
export function narrowScopes(
  requested: readonly string[],
  allowed: readonly string[] | ScopeSet,
): NarrowedScopes {
  if (!Array.isArray(requested)) {
    throw new TypeError('narrowScopes: requested must be an array of scopes');
  }
  const set = isScopeSet(allowed)
    ? allowed
    : Array.isArray(allowed)
      ? compileScopes(allowed)
      : undefined;
  if (set === undefined) {
    throw new TypeError('narrowScopes: allowed must be an array of scopes or a ScopeSet');
  }
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const scope of new Set<string>(requested)) {
    (set.satisfies(scope) ? kept : dropped).push(scope);
  }
  return { kept, dropped };
}
