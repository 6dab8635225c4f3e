import { ScopeError } from './errors.js';
import { patternProblem, toPattern } from './internal/pattern.js';

/** Options of {@link parseScope}. */
export interface ParseScopeOptions {
  /** Longest scope string accepted, in characters. Default 8192. */
  maxLength?: number;
  /** Most scope tokens accepted (before deduplication). Default 256. */
  maxScopes?: number;
}

const DEFAULT_MAX_LENGTH = 8192;
const DEFAULT_MAX_SCOPES = 256;

/**
 * Parses an OAuth `scope` string (RFC 6749 section 3.3): scope tokens separated by single spaces,
 * each made of %x21 / %x23-5B / %x5D-7E and valid under the Gatehouse wildcard grammar (no empty
 * `:` segment; `*` only as a whole segment, never the first). Duplicates are dropped, first
 * occurrence kept, order preserved. The empty string is the empty list.
 *
 * Anything else throws a {@link ScopeError} (`invalid_scope`): not a string, leading, trailing or
 * doubled spaces, a bad character, a partial wildcard, too long, too many tokens.
 *
 * @example
 * ```ts
 * import { parseScope } from '@gatehouse/scopes';
 *
 * parseScope('mcp:tools:* mcp:prompts:summarize mcp:tools:*');
 * // ['mcp:tools:*', 'mcp:prompts:summarize']
 * parseScope('mcp:tools:we*'); // throws ScopeError ERR_SCOPE_WILDCARD_PARTIAL
 * ```
 */
export function parseScope(scope: unknown, options: ParseScopeOptions = {}): string[] {
  const maxLength = limit('maxLength', options.maxLength, DEFAULT_MAX_LENGTH);
  const maxScopes = limit('maxScopes', options.maxScopes, DEFAULT_MAX_SCOPES);
  if (typeof scope !== 'string') throw new ScopeError('ERR_SCOPE_TYPE', 'scope must be a string');
  if (scope.length > maxLength) {
    throw new ScopeError('ERR_SCOPE_TOO_LONG', `scope is over ${maxLength} characters`);
  }
  if (scope === '') return [];
  const tokens = scope.split(' ');
  if (tokens.length > maxScopes) {
    throw new ScopeError('ERR_SCOPE_TOO_MANY', `scope has over ${maxScopes} tokens`);
  }
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token === '') {
      throw new ScopeError(
        'ERR_SCOPE_EMPTY_TOKEN',
        'scope tokens must be separated by single spaces',
      );
    }
    const problem = patternProblem(token);
    if (problem) throw problem;
    seen.add(token);
  }
  return [...seen];
}

/**
 * Formats scopes as an OAuth `scope` string: validated, deduplicated (first occurrence kept), joined
 * with single spaces. The empty list is the empty string. Throws a {@link ScopeError} for an invalid
 * entry, so a malformed scope never reaches the wire.
 *
 * @example
 * ```ts
 * import { formatScope } from '@gatehouse/scopes';
 * formatScope(['mcp:tools:weather', 'offline_access']); // 'mcp:tools:weather offline_access'
 * ```
 */
export function formatScope(scopes: Iterable<string>): string {
  if (typeof scopes === 'string' || typeof scopes !== 'object' || scopes === null) {
    throw new TypeError('formatScope: scopes must be an iterable of strings');
  }
  const seen = new Set<string>();
  for (const scope of scopes) seen.add(toPattern(scope).raw);
  return [...seen].join(' ');
}

/**
 * Whether `value` is one valid scope token or pattern under the Gatehouse grammar. Never throws.
 *
 * @example
 * ```ts
 * import { isScope } from '@gatehouse/scopes';
 * isScope('mcp:exec:workflows:*'); // true
 * isScope('*'); // false: a wildcard needs a fixed first segment
 * ```
 */
export function isScope(value: unknown): value is string {
  return typeof value === 'string' && patternProblem(value) === undefined;
}

function limit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`parseScope: ${name} must be a positive integer`);
  }
  return value;
}
