import { PkceError, type PkceErrorCode } from './index.js';

/** RFC 7636 Appendix B: a verifier and its S256 challenge. */
export const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** The code `promise` rejects with (undefined when it resolves); any other error is rethrown. */
export async function rejectionCode(promise: Promise<unknown>): Promise<PkceErrorCode | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (PkceError.isInstance(error)) return error.code;
    throw error;
  }
}
