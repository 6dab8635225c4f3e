import { ScopeError, type ScopeErrorCode } from './index.js';

/** The code of the `ScopeError` that `run` throws, `undefined` if it returns (else rethrown). */
export function thrownCode(run: () => unknown): ScopeErrorCode | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (ScopeError.isInstance(error)) return error.code;
    throw error;
  }
}

/** Whatever `run` throws; fails the test if it returns. */
export function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
