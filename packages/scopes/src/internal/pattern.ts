import { ScopeError } from '../errors.js';

/** The wildcard segment. */
export const WILDCARD = '*';
/** Longest single scope token accepted. */
export const MAX_SCOPE_LENGTH = 512;

/**
 * A validated scope pattern: its text, its `:`-separated segments, and whether it ends in the
 * trailing wildcard (`*` as the last of two or more segments: one or more remaining segments).
 */
export interface Pattern {
  readonly raw: string;
  readonly segments: readonly string[];
  readonly trailing: boolean;
  readonly hasWildcard: boolean;
}

const COLON = 0x3a;
const STAR = 0x2a;

/**
 * The reason `raw` is not a valid scope pattern, or undefined when it is. One pass over the text:
 * RFC 6749 scope-token characters (%x21 / %x23-5B / %x5D-7E), no empty segment, `*` only as a whole
 * segment and never as the first one.
 */
export function patternProblem(raw: string): ScopeError | undefined {
  const length = raw.length;
  if (length === 0) return new ScopeError('ERR_SCOPE_EMPTY_TOKEN', 'a scope token is empty');
  if (length > MAX_SCOPE_LENGTH) {
    return new ScopeError(
      'ERR_SCOPE_TOO_LONG',
      `a scope token is over ${MAX_SCOPE_LENGTH} characters`,
    );
  }
  let segmentStart = 0;
  let stars = 0;
  for (let index = 0; index <= length; index++) {
    const code = index === length ? COLON : raw.charCodeAt(index);
    if (code === COLON) {
      const segmentLength = index - segmentStart;
      if (segmentLength === 0) {
        return new ScopeError('ERR_SCOPE_EMPTY_SEGMENT', 'a scope has an empty segment');
      }
      if (stars > 0 && (stars > 1 || segmentLength > 1)) {
        return new ScopeError('ERR_SCOPE_WILDCARD_PARTIAL', 'a wildcard must be a whole segment');
      }
      if (stars === 1 && segmentStart === 0) {
        return new ScopeError(
          'ERR_SCOPE_WILDCARD_PREFIX',
          'the first segment of a scope cannot be a wildcard',
        );
      }
      segmentStart = index + 1;
      stars = 0;
    } else if (code === STAR) {
      stars++;
    } else if (code < 0x21 || code === 0x22 || code === 0x5c || code > 0x7e) {
      return new ScopeError(
        'ERR_SCOPE_CHARSET',
        'a scope has a character outside RFC 6749 scope-token',
      );
    }
  }
  return undefined;
}

/** Parses a pattern, throwing the precise {@link ScopeError} when it is malformed. */
export function toPattern(raw: unknown): Pattern {
  if (typeof raw !== 'string') throw new ScopeError('ERR_SCOPE_TYPE', 'a scope must be a string');
  const problem = patternProblem(raw);
  if (problem) throw problem;
  return build(raw);
}

const parsed = new Map<string, Pattern | null>();
const MAX_PARSED = 4096;

/**
 * Parses a pattern, or undefined when it is malformed. Results (valid or not) are kept in a bounded
 * map, since tokens repeat the same scope strings: patterns are immutable, so sharing them is safe.
 */
export function tryPattern(raw: unknown): Pattern | undefined {
  if (typeof raw !== 'string') return undefined;
  // Never keep an over-long string in the shared map: it could only ever be invalid.
  if (raw.length > MAX_SCOPE_LENGTH) return undefined;
  const known = parsed.get(raw);
  if (known !== undefined) return known ?? undefined;
  const pattern = patternProblem(raw) ? null : build(raw);
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(raw, pattern);
  return pattern ?? undefined;
}

function build(raw: string): Pattern {
  const segments = Object.freeze(raw.split(':'));
  const hasWildcard = raw.includes(WILDCARD);
  return Object.freeze({
    raw,
    segments,
    trailing: hasWildcard && segments[segments.length - 1] === WILDCARD,
    hasWildcard,
  });
}

/**
 * Whether every scope `b` matches is matched by `a` (language containment, over an unbounded set of
 * segment values, so a literal never covers a wildcard).
 */
export function patternCovers(a: Pattern, b: Pattern): boolean {
  if (!a.hasWildcard) return a.raw === b.raw;
  const n = a.segments.length;
  const m = b.segments.length;
  if (a.trailing) {
    if (m < n) return false;
  } else if (b.trailing || m !== n) {
    return false;
  }
  const fixed = a.trailing ? n - 1 : n;
  for (let index = 0; index < fixed; index++) {
    const segment = a.segments[index];
    if (segment !== WILDCARD && segment !== b.segments[index]) return false;
  }
  return true;
}
