import { expectTypeOf } from 'vitest';
import {
  type AccessTokenVerifier,
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createIntrospectionVerifier,
  type IssuedAccessToken,
  type KeySet,
  type SigningAlgorithm,
  TokenError,
  type TokenErrorCode,
  type VerifiedAccessToken,
} from './index.js';
import { type BearerAuthState, bearerAuth } from './koa/index.js';

declare const keys: KeySet;

// both verifiers share one interface
expectTypeOf(createAccessTokenVerifier).returns.toEqualTypeOf<AccessTokenVerifier>();
expectTypeOf(createIntrospectionVerifier).returns.toEqualTypeOf<AccessTokenVerifier>();
expectTypeOf<AccessTokenVerifier['verify']>().returns.resolves.toEqualTypeOf<VerifiedAccessToken>();

// the shape @gatehouse/scopes reads
expectTypeOf<VerifiedAccessToken>().toExtend<{
  subject: string;
  clientId: string;
  scopes: string[];
  audience: string[];
  expiresAt: number;
  issuedAt?: number;
  jti?: string;
  claims: Record<string, unknown>;
}>();

expectTypeOf(
  createAccessTokenIssuer({ issuer: 'x', keys }).issue,
).returns.resolves.toEqualTypeOf<IssuedAccessToken>();
expectTypeOf<'HS256'>().not.toExtend<SigningAlgorithm>();
expectTypeOf<'none'>().not.toExtend<SigningAlgorithm>();
expectTypeOf<'ES256' | 'EdDSA' | 'RS256' | 'PS256'>().toExtend<SigningAlgorithm>();

// issuer, audience, algorithms and jwks are required
// @ts-expect-error algorithms missing
createAccessTokenVerifier({ issuer: 'x', audience: 'y', jwks: keys });

declare const value: unknown;
if (TokenError.isInstance(value)) expectTypeOf(value.code).toEqualTypeOf<TokenErrorCode>();

expectTypeOf<BearerAuthState['auth']>().toEqualTypeOf<VerifiedAccessToken>();
expectTypeOf(bearerAuth).parameter(0).toHaveProperty('resourceMetadataUrl').toEqualTypeOf<string>();
