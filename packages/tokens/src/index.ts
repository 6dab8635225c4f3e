export type {
  AccessTokenIssuer,
  AccessTokenIssuerOptions,
  IssueAccessTokenInput,
  IssuedAccessToken,
} from './create-access-token-issuer.js';
export { createAccessTokenIssuer } from './create-access-token-issuer.js';
export type { AccessTokenVerifierOptions } from './create-access-token-verifier.js';
export { createAccessTokenVerifier } from './create-access-token-verifier.js';
export type {
  IntrospectionClientAuth,
  IntrospectionVerifierOptions,
} from './create-introspection-verifier.js';
export { createIntrospectionVerifier } from './create-introspection-verifier.js';
export type { RemoteJwks, RemoteJwksOptions } from './create-remote-jwks.js';
export { createRemoteJwks } from './create-remote-jwks.js';
export type {
  TokenErrorCode,
  TokenIdentity,
  TokenRejectionCode,
  TokenServerErrorCode,
} from './errors.js';
export { TokenError } from './errors.js';
export { SIGNING_ALGORITHMS } from './internal/algorithms.js';
export type { CacheOptions } from './internal/verified-cache.js';
export type { IntrospectionResponse } from './introspection-response.js';
export { introspectionResponse } from './introspection-response.js';
export type { KeySet, KeySetOptions, RetiredKey } from './key-set.js';
export { createKeySet } from './key-set.js';
export type { ExportedKeySet } from './key-set-storage.js';
export { exportKeySet, importKeySet } from './key-set-storage.js';
export type { SignatureBackend } from './signature-backend.js';
export type { SigningBackend } from './signing-backend.js';
export type { PublicJwk, SigningAlgorithm, SigningKey } from './signing-key.js';
export { exportSigningKey, generateSigningKey, importSigningKey } from './signing-key.js';
export type { AccessTokenVerifier, VerifiedAccessToken } from './verified-access-token.js';
