import fc from 'fast-check';
import { expect } from 'vitest';
import { DiscoveryError, type DiscoveryErrorCode } from './index.js';

/** The code and field of the `DiscoveryError` that `run` throws (anything else is rethrown). */
export function failure(run: () => unknown): {
  code: DiscoveryErrorCode;
  field: string | undefined;
} {
  try {
    run();
  } catch (error) {
    if (DiscoveryError.isInstance(error)) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a DiscoveryError');
}

/**
 * A metadata-shaped input for a parser's property test: any JSON value, or an object whose members
 * are drawn from `keys`, each holding any JSON value or one of the `likely` values (which make a
 * valid document reachable).
 */
export function metadataLike(
  keys: readonly string[],
  likely: readonly unknown[],
): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.jsonValue(),
    fc.dictionary(
      fc.constantFrom(...keys),
      fc.oneof(fc.jsonValue(), ...likely.map((value) => fc.constant(value))),
    ),
  );
}

/** Runs `parse`, which either succeeds (checking what it must) or throws a `DiscoveryError`. */
export function parsesOrThrowsDiscoveryError(parse: () => void): void {
  try {
    parse();
  } catch (error) {
    expect(DiscoveryError.isInstance(error)).toBe(true);
  }
}
