import { expectTypeOf } from 'vitest';
import {
  type AccessTokenVerifier,
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createIntrospectionVerifier,
  type IssuedAccessToken,
  type KeySet,
  type SignatureBackend,
  type SigningAlgorithm,
  type SigningKey,
  TokenError,
  type TokenErrorCode,
  type VerifiedAccessToken,
} from './index.js';
import { type BearerAuthAudit, type BearerAuthState, bearerAuth } from './koa/index.js';
import { nodeCryptoBackend } from './node/index.js';

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
expectTypeOf<BearerAuthState['bearerToken']>().toEqualTypeOf<string>();
// the raw token is never part of the verified token (the cache shares those objects)
expectTypeOf<VerifiedAccessToken>().not.toHaveProperty('token');

// ctx.state.audit as @gatehouse/audit/koa's auditTrail types it fits, structurally
interface RequestAuditShape {
  readonly requestId: string;
  actor: { sub?: string; clientId?: string } | undefined;
  record(event: {
    type: `${string}.${string}`;
    outcome?: 'success' | 'failure' | 'unknown';
    actor?: { sub?: string; clientId?: string };
    target?: { type: string; id?: string };
    reason?: string;
    details?: Readonly<Record<string, unknown>>;
  }): Promise<void>;
}
expectTypeOf<RequestAuditShape>().toExtend<BearerAuthAudit>();

// the Node backend is a SignatureBackend, and a backend of any key type fits the option
expectTypeOf(nodeCryptoBackend).toEqualTypeOf<SignatureBackend>();
declare const webCrypto: SignatureBackend<CryptoKey>;
createAccessTokenVerifier({
  issuer: 'x',
  audience: 'y',
  algorithms: ['ES256'],
  jwks: keys,
  backend: webCrypto,
});
// a backend needs verify
createAccessTokenVerifier({
  issuer: 'x',
  audience: 'y',
  algorithms: ['ES256'],
  jwks: keys,
  // @ts-expect-error verify missing
  backend: { importKey: () => 1 },
});

// pending keys: listed, published, promoted (options object, never a bare kid)
expectTypeOf<KeySet['pending']>().toEqualTypeOf<readonly SigningKey[]>();
expectTypeOf<KeySet['promote']>().returns.toEqualTypeOf<SigningKey>();
// @ts-expect-error promote takes { kid }, not a kid
keys.promote('kid');
