import type { CodeChallengeMethod } from './code-challenge.js';
import { computeCodeChallenge } from './code-challenge.js';
import { generateCodeVerifier } from './code-verifier.js';

/**
 * A code verifier with its S256 challenge, ready for an authorization request.
 */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: CodeChallengeMethod;
}

/**
 * A new verifier (see {@link generateCodeVerifier}) and its S256 challenge.
 *
 * @example
 * ```ts
 * import { createPkcePair } from '@gatehouse/pkce';
 *
 * const { verifier, challenge, method } = await createPkcePair();
 * authorizeUrl.searchParams.set('code_challenge', challenge);
 * authorizeUrl.searchParams.set('code_challenge_method', method);
 * // keep `verifier` for the token request
 * ```
 */
export async function createPkcePair(length?: number): Promise<PkcePair> {
  const verifier = generateCodeVerifier(length);
  return { verifier, challenge: await computeCodeChallenge(verifier), method: 'S256' };
}
