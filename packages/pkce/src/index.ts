export type { CodeChallengeMethod } from './code-challenge.js';
export { computeCodeChallenge, isCodeChallenge, validateCodeChallenge } from './code-challenge.js';
export {
  generateCodeVerifier,
  isCodeVerifier,
  MAX_VERIFIER_LENGTH,
  MIN_VERIFIER_LENGTH,
} from './code-verifier.js';
export type { PkcePair } from './create-pkce-pair.js';
export { createPkcePair } from './create-pkce-pair.js';
export type { PkceErrorCode } from './errors.js';
export { PkceError } from './errors.js';
export type { VerifyCodeVerifierInput } from './verify-code-verifier.js';
export { verifyCodeVerifier } from './verify-code-verifier.js';
