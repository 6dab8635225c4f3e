import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type KeySet,
  type SigningKey,
} from './index.js';
import { claims, ISSUER, RESOURCE, rejectionCode, sign } from './testing/fixtures.js';

let key: SigningKey;
let keys: KeySet;
let signatureChecks: { mock: { calls: unknown[] } };

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-05-01T00:00:00Z'));
  key = await generateSigningKey({ alg: 'EdDSA' });
  keys = createKeySet({ active: key });
  signatureChecks = vi.spyOn(crypto.subtle, 'verify');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function verifierWith(extra: Record<string, unknown> = {}) {
  return createAccessTokenVerifier({
    issuer: ISSUER,
    audience: RESOURCE,
    algorithms: ['EdDSA'],
    jwks: keys,
    ...extra,
  });
}

const checks = () => signatureChecks.mock.calls.length;
const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

describe('verified-token cache', () => {
  it('serves a repeated token without checking the signature again, the same frozen result', async () => {
    const verifier = verifierWith();
    const token = await sign(key, claims());
    const first = await verifier.verify(token);
    expect(checks()).toBe(1);
    expect(await verifier.verify(token)).toBe(first);
    expect(checks()).toBe(1);
  });

  it('binds the whole token: a known signature under another header or payload is no hit', async () => {
    const verifier = verifierWith();
    const token = await sign(key, claims());
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const otherPayload = (await sign(key, claims({ scope: 'admin' }))).split('.')[1];
    expect(await rejectionCode(verifier.verify(`${header}.${otherPayload}.${signature}`))).toBe(
      'ERR_TOKEN_SIGNATURE_INVALID',
    );
    const otherHeader = (await sign(key, claims(), { typ: 'application/at+jwt' })).split('.')[0];
    expect(await rejectionCode(verifier.verify(`${otherHeader}.${payload}.${signature}`))).toBe(
      'ERR_TOKEN_SIGNATURE_INVALID',
    );
  });

  it('property: no token but the exact cached one is ever served from the cache', async () => {
    // RS256: a long signature, so that both the hashed prefix (55 characters) and the compared
    // tail are exercised
    key = await generateSigningKey({ alg: 'RS256' });
    keys = createKeySet({ active: key });
    const verifier = verifierWith({ algorithms: ['RS256'] });
    const token = await sign(key, claims());
    const cached = await verifier.verify(token);
    const signatureStart = token.lastIndexOf('.') + 1;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const index = fc.oneof(
      fc.nat({ max: token.length }),
      // around the end of the hashed prefix, and the start of the signature
      fc.integer({ min: signatureStart + 50, max: signatureStart + 60 }),
      fc.integer({ min: signatureStart - 2, max: signatureStart + 2 }),
    );
    const mutation = fc.oneof(
      fc
        .tuple(index, fc.constantFrom(...alphabet))
        .map(([at, c]) => token.slice(0, at) + c + token.slice(at + 1)),
      fc
        .tuple(index, fc.constantFrom(...alphabet))
        .map(([at, c]) => token.slice(0, at) + c + token.slice(at)),
      index.map((at) => token.slice(0, at) + token.slice(at + 1)),
      index.map((at) => token.slice(0, at)),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (other) => {
        fc.pre(other !== token);
        const result = await verifier.verify(other).catch(() => undefined);
        expect(result).not.toBe(cached);
      }),
      { numRuns: 300 },
    );
    expect(await verifier.verify(token)).toBe(cached);
  });

  it('drops an entry at the token exp, so an expired token is checked (and refused) again', async () => {
    const verifier = verifierWith({ clockToleranceSeconds: 0 });
    const exp = Math.floor(Date.now() / 1000) + 60;
    const token = await sign(key, claims({ exp }));
    await verifier.verify(token);
    advance(59);
    await verifier.verify(token);
    expect(checks()).toBe(1);
    advance(1);
    expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_EXPIRED');
    expect(checks()).toBe(2);
  });

  it('drops an entry after maxAgeSeconds when that comes before exp', async () => {
    const verifier = verifierWith({ cache: { maxAgeSeconds: 10 } });
    const token = await sign(key, claims());
    await verifier.verify(token);
    advance(9);
    await verifier.verify(token);
    expect(checks()).toBe(1);
    advance(1);
    await verifier.verify(token);
    expect(checks()).toBe(2);
  });

  it('drops an entry when maxTokenAge runs out before exp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const verifier = verifierWith({ maxTokenAge: 60, clockToleranceSeconds: 0 });
    const token = await sign(key, claims({ iat: now, exp: now + 600 }));
    await verifier.verify(token);
    advance(61);
    expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_TOO_OLD');
  });

  it('never caches failures', async () => {
    const verifier = verifierWith();
    const forged = await sign(
      { ...(await generateSigningKey({ alg: 'EdDSA' })), kid: key.kid },
      claims(),
    );
    for (let i = 1; i <= 3; i++) {
      expect(await rejectionCode(verifier.verify(forged))).toBe('ERR_TOKEN_SIGNATURE_INVALID');
      expect(checks()).toBe(i);
    }
  });

  it('runs isRevoked on every hit', async () => {
    const revoked = new Set<string>();
    const isRevoked = vi.fn((jti: string) => revoked.has(jti));
    const verifier = verifierWith({ isRevoked });
    const token = await sign(key, claims({ jti: 'jti-1' }));
    await verifier.verify(token);
    await verifier.verify(token);
    expect(isRevoked).toHaveBeenCalledTimes(2);
    expect(isRevoked).toHaveBeenLastCalledWith('jti-1', expect.objectContaining({ jti: 'jti-1' }));
    revoked.add('jti-1');
    expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_REVOKED');
    expect(checks()).toBe(1);
  });

  it('is bounded, evicting the least recently used entry', async () => {
    const verifier = verifierWith({ cache: { maxEntries: 2 } });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => sign(key, claims())));
    for (const token of [a, b, a, c] as string[]) await verifier.verify(token);
    expect(checks()).toBe(3);
    await verifier.verify(a as string);
    expect(checks()).toBe(3);
    await verifier.verify(b as string);
    expect(checks()).toBe(4);
  });

  it('can be turned off', async () => {
    const verifier = verifierWith({ cache: false });
    const token = await sign(key, claims());
    await verifier.verify(token);
    await verifier.verify(token);
    expect(checks()).toBe(2);
  });
});
