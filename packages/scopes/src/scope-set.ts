import { ScopeError } from './errors.js';
import {
  type Pattern,
  patternCovers,
  patternProblem,
  toPattern,
  tryPattern,
} from './internal/pattern.js';
import { createNode, insertPattern, matchConcrete, type TrieNode } from './internal/scope-trie.js';

/** Options of {@link compileScopes}. */
export interface CompileScopesOptions {
  /**
   * What to do with a granted entry that is not a valid scope pattern: `'throw'` (the default) throws
   * its {@link ScopeError}; `'ignore'` leaves it out, so it grants nothing (for scopes read from a
   * verified token, where a malformed entry should not fail the request but must not grant anything).
   */
  invalid?: 'throw' | 'ignore';
}

/**
 * A compiled, immutable set of granted scope patterns that answers "is this scope granted?" in about
 * the time of one hash lookup plus a walk of the wildcard trie. Made by {@link compileScopes}.
 */
export interface ScopeSet {
  /** The valid granted patterns, deduplicated, in their original order. */
  readonly scopes: readonly string[];
  /** Whether some granted pattern covers `required` (a scope or a pattern). Throws a {@link ScopeError} if `required` is malformed. */
  satisfies(required: string): boolean;
}

class CompiledScopeSet implements ScopeSet {
  readonly scopes: readonly string[];
  readonly #literals = new Set<string>();
  readonly #wildcards: Pattern[] = [];
  readonly #trie: TrieNode = createNode();

  constructor(patterns: readonly Pattern[]) {
    const seen = new Set<string>();
    for (const pattern of patterns) {
      if (seen.has(pattern.raw)) continue;
      seen.add(pattern.raw);
      if (pattern.hasWildcard) {
        this.#wildcards.push(pattern);
        insertPattern(this.#trie, pattern);
      } else {
        this.#literals.add(pattern.raw);
      }
    }
    this.scopes = Object.freeze([...seen]);
    Object.freeze(this);
  }

  satisfies(required: string): boolean {
    if (typeof required !== 'string')
      throw new ScopeError('ERR_SCOPE_TYPE', 'a scope must be a string');
    const problem = patternProblem(required);
    if (problem) throw problem;
    if (this.#literals.has(required)) return true;
    if (this.#wildcards.length === 0) return false;
    if (!required.includes('*')) return matchConcrete(this.#trie, required.split(':'), 0);
    const pattern = toPattern(required);
    return this.#wildcards.some((granted) => patternCovers(granted, pattern));
  }
}

/**
 * Compiles granted scope patterns into a {@link ScopeSet} for fast repeated checks.
 *
 * @example
 * ```ts
 * import { compileScopes } from '@gatehouse/scopes';
 *
 * const granted = compileScopes(['mcp:tools:*', 'mcp:prompts:summarize']);
 * granted.satisfies('mcp:tools:weather'); // true
 * granted.satisfies('mcp:prompts:translate'); // false
 * ```
 */
export function compileScopes(
  scopes: Iterable<string>,
  options: CompileScopesOptions = {},
): ScopeSet {
  if (typeof scopes !== 'object' || scopes === null || !(Symbol.iterator in scopes)) {
    throw new TypeError('compileScopes: scopes must be an iterable of strings');
  }
  const ignore = options.invalid === 'ignore';
  if (options.invalid !== undefined && !ignore && options.invalid !== 'throw') {
    throw new TypeError('compileScopes: invalid must be "throw" or "ignore"');
  }
  const patterns: Pattern[] = [];
  for (const scope of scopes) {
    const pattern = ignore ? tryPattern(scope) : toPattern(scope);
    if (pattern) patterns.push(pattern);
  }
  return new CompiledScopeSet(patterns);
}

/** Whether `value` is a {@link ScopeSet} made by {@link compileScopes}. */
export function isScopeSet(value: unknown): value is ScopeSet {
  return value instanceof CompiledScopeSet;
}
