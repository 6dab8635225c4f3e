/** What the comparison reads: a string, or anything indexed by char codes like one. */
export interface CharCodes {
  readonly length: number;
  charCodeAt(index: number): number;
}

/**
 * Compares two strings of the same length without an early exit, so the time taken does not reveal
 * where they first differ. Strings of different lengths are unequal (length is not secret here: both
 * sides are fixed-length base64url digests).
 *
 * @example
 * ```ts
 * constantTimeEqual(computedChallenge, storedChallenge); // true or false, in the same time
 * ```
 */
export function constantTimeEqual(a: CharCodes, b: CharCodes): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  }
  return difference === 0;
}
