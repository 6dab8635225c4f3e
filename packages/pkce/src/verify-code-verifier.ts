import { constantTimeEqual } from '@gatehouse/internal';
import { assertCodeChallenge, assertMethod, s256 } from './code-challenge.js';
import { assertCodeVerifier } from './code-verifier.js';
import { PkceError } from './errors.js';

/**
 * What the token endpoint knows when it redeems a code: the `code_verifier` the client sent, and the
 * challenge and method stored with the code.
 */
export interface VerifyCodeVerifierInput {
  /** The `code_verifier` from the token request (untrusted). */
  verifier: unknown;
  /** The `code_challenge` bound to the code. Missing means the code was issued without PKCE. */
  challenge: unknown;
  /** The `code_challenge_method` bound to the code; only `S256` is accepted. */
  method: unknown;
  /**
   * The S256 transform of a well-formed verifier. Defaults to WebCrypto; on Node.js, `nodeS256` from
   * `@gatehouse/pkce/node` does the same synchronously and much faster.
   */
  s256?: (verifier: string) => string | Promise<string>;
}

/**
 * Checks a token request's `code_verifier` against the challenge bound to the code. Resolves when they
 * match; otherwise rejects with a {@link PkceError} (`invalid_grant`, or `invalid_request` for a refused
 * method). A code that was issued without a challenge is refused (PKCE downgrade, RFC 9700 section 4.8).
 * The digest comparison takes the same time wherever the two differ.
 *
 * It rejects rather than resolving `false`, so a forgotten `await` cannot turn into a pass.
 *
 * @example
 * ```ts
 * import { verifyCodeVerifier } from '@gatehouse/pkce';
 *
 * await verifyCodeVerifier({
 *   verifier: body.get('code_verifier'),
 *   challenge: storedCode.codeChallenge,
 *   method: storedCode.codeChallengeMethod,
 * });
 * ```
 */
export async function verifyCodeVerifier(input: VerifyCodeVerifierInput): Promise<void> {
  // what was stored with the code: a code issued without a challenge (and so without a method) is
  // a PKCE downgrade, and every failure here is about the grant, so invalid_grant
  const { challenge } = input;
  if (challenge === undefined || challenge === null || challenge === '') {
    assertCodeChallenge(challenge, 'invalid_grant');
  }
  assertMethod(input.method, 'invalid_grant');
  assertCodeChallenge(challenge, 'invalid_grant');
  assertCodeVerifier(input.verifier);
  const digest = await (input.s256 ?? s256)(input.verifier);
  if (!constantTimeEqual(digest, challenge)) {
    throw new PkceError(
      'ERR_PKCE_VERIFIER_MISMATCH',
      'code_verifier does not match the code_challenge',
      'invalid_grant',
    );
  }
}
