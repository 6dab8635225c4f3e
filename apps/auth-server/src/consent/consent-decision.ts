import { scopeSatisfies } from '@gatehouse/scopes';

/**
 * Whether a remembered consent covers every requested scope (with wildcard containment: a consent to
 * `mcp:tools:*` covers `mcp:tools:weather`). No consent at all never covers, even an empty request.
 */
export function consentCovers(
  consented: readonly string[] | undefined,
  requested: readonly string[],
): boolean {
  if (consented === undefined) return false;
  return requested.every((scope) => scopeSatisfies(consented, scope));
}

/**
 * The scopes a new grant carries: the requested ones, then the earlier consented ones not requested
 * again (incremental consent: a step-up never loses what was granted before).
 */
export function mergeScopes(
  requested: readonly string[],
  consented: readonly string[] | undefined,
): string[] {
  return [...new Set([...requested, ...(consented ?? [])])];
}
