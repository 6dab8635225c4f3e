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
import { type BearerAuthAudit, type BearerAuthState, bearerAuth } from './koa/index.js';

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
