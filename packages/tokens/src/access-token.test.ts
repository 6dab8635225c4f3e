import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type KeySet,
  TokenError,
} from './index.js';
import { claims, ISSUER, RESOURCE, rejectionCode, sign } from './testing/fixtures.js';

let keys: KeySet;
beforeEach(async () => {
  keys = createKeySet({ active: await generateSigningKey() });
});
afterEach(() => {
  vi.useRealTimers();
});

function verifierFor(extra: Record<string, unknown> = {}) {
  return createAccessTokenVerifier({
    issuer: ISSUER,
    audience: RESOURCE,
    algorithms: ['ES256', 'EdDSA'],
    jwks: keys,
    ...extra,
  });
}

describe('createAccessTokenIssuer', () => {
  it('issues RFC 9068 tokens: typ at+jwt, kid, and every required claim', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys, ttlSeconds: 600 });
    const issued = await issuer.issue({
      subject: 'user-1',
      clientId: 'client-1',
      audience: RESOURCE,
      scope: ['files:read', 'files:write', 'files:read'],
      extraClaims: { tenant: 't-9' },
      confirmation: { jkt: 'abc' },
    });
    const now = Date.parse('2026-03-01T12:00:00Z') / 1000;
    expect(decodeProtectedHeader(issued.token)).toEqual({
      alg: 'ES256',
      typ: 'at+jwt',
      kid: keys.active.kid,
    });
    expect(decodeJwt(issued.token)).toEqual({
      iss: ISSUER,
      sub: 'user-1',
      aud: RESOURCE,
      client_id: 'client-1',
      scope: 'files:read files:write',
      iat: now,
      exp: now + 600,
      jti: issued.jti,
      cnf: { jkt: 'abc' },
      tenant: 't-9',
    });
    expect(issued).toMatchObject({ issuedAt: now, expiresAt: now + 600, expiresIn: 600 });
  });

  it('gives every token a fresh jti and signs with the active key after a rotation', async () => {
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys });
    const input = { subject: 's', clientId: 'c', audience: [RESOURCE, 'https://other.example'] };
    const first = await issuer.issue(input);
    keys.rotate(await generateSigningKey({ alg: 'EdDSA' }));
    const second = await issuer.issue(input);
    expect(first.jti).not.toBe(second.jti);
    expect(decodeProtectedHeader(second.token)).toMatchObject({
      alg: 'EdDSA',
      kid: keys.active.kid,
    });
    expect(decodeJwt(second.token).aud).toEqual([RESOURCE, 'https://other.example']);
  });

  it('refuses to sign without an audience, and other input mistakes', async () => {
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys });
    const good = { subject: 's', clientId: 'c', audience: RESOURCE };
    const bad: unknown[] = [
      { ...good, audience: undefined },
      { ...good, audience: [] },
      { ...good, audience: '' },
      { ...good, subject: '' },
      { ...good, clientId: 7 },
      { ...good, scope: 'bad"scope' },
      { ...good, extraClaims: { aud: 'https://elsewhere' } },
      { ...good, extraClaims: { exp: 9e12 } },
      { ...good, ttlSeconds: 100_000 },
      { ...good, confirmation: 'x' },
    ];
    for (const input of bad) {
      await expect(issuer.issue(input as never)).rejects.toThrow(TypeError);
    }
  });

  it('checks its options', () => {
    expect(() => createAccessTokenIssuer({ issuer: ISSUER } as never)).toThrow(TypeError);
    expect(() => createAccessTokenIssuer({ issuer: '', keys })).toThrow(TypeError);
    expect(() => createAccessTokenIssuer({ issuer: ISSUER, keys, ttlSeconds: 0 })).toThrow(
      TypeError,
    );
    expect(() => createAccessTokenIssuer({ issuer: ISSUER, keys: {} as never })).toThrow(TypeError);
    expect(() => createAccessTokenIssuer({ issuer: ISSUER, keys, ttl: 5 } as never)).toThrow(
      /unknown option/,
    );
  });
});

describe('createAccessTokenVerifier', () => {
  it('verifies an issued token and returns the normalized claims, frozen', async () => {
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys });
    const { token, jti, expiresAt, issuedAt } = await issuer.issue({
      subject: 'user-1',
      clientId: 'client-1',
      audience: RESOURCE,
      scope: 'files:read  files:write',
    });
    const auth = await verifierFor().verify(token);
    expect(auth).toEqual({
      subject: 'user-1',
      clientId: 'client-1',
      scopes: ['files:read', 'files:write'],
      audience: [RESOURCE],
      expiresAt,
      issuedAt,
      jti,
      issuer: ISSUER,
      claims: decodeJwt(token),
    });
    expect(Object.isFrozen(auth)).toBe(true);
    expect(Object.isFrozen(auth.scopes)).toBe(true);
    expect(Object.isFrozen(auth.claims)).toBe(true);
  });

  it('accepts azp when client_id is missing, and a token without scope', async () => {
    const token = await sign(
      keys.active,
      claims({ client_id: undefined, azp: 'from-azp', scope: undefined }),
    );
    const auth = await verifierFor().verify(token);
    expect(auth.clientId).toBe('from-azp');
    expect(auth.scopes).toEqual([]);
  });

  it('accepts typ application/at+jwt in any case, and one of several audiences', async () => {
    const token = await sign(keys.active, claims({ aud: ['https://a.example', RESOURCE] }), {
      typ: 'Application/AT+JWT',
    });
    const verifier = verifierFor({ audience: ['https://b.example', RESOURCE] });
    expect((await verifier.verify(token)).audience).toEqual(['https://a.example', RESOURCE]);
  });

  it('accepts a token without kid when exactly one key fits', async () => {
    const token = await sign(keys.active, claims(), { kid: undefined });
    expect((await verifierFor().verify(token)).subject).toBe('user-123');
    keys.rotate(await generateSigningKey());
    expect(await rejectionCode(verifierFor({ cache: false }).verify(token))).toBe(
      'ERR_TOKEN_KID_MISSING',
    );
  });

  it('keeps verifying tokens of a rotated-out key until they expire (rotation without downtime)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys, ttlSeconds: 300 });
    const verifier = verifierFor({ cache: false, clockToleranceSeconds: 30 });
    const input = { subject: 's', clientId: 'c', audience: RESOURCE };
    const old = (await issuer.issue(input)).token;
    vi.setSystemTime(Date.now() + 100_000);
    keys.rotate(await generateSigningKey({ alg: 'EdDSA' }), { retainSeconds: 330 });
    const fresh = (await issuer.issue(input)).token;
    expect((await verifier.verify(old)).subject).toBe('s');
    expect((await verifier.verify(fresh)).subject).toBe('s');
    vi.setSystemTime(Date.now() + 229_000); // old token: 1 s before exp + tolerance
    expect((await verifier.verify(old)).subject).toBe('s');
    vi.setSystemTime(Date.now() + 1_000);
    expect(await rejectionCode(verifier.verify(old))).toBe('ERR_TOKEN_EXPIRED');
    vi.setSystemTime(Date.now() + 100_000); // retention over: the old key is gone
    expect(await rejectionCode(verifier.verify(old))).toBe('ERR_TOKEN_KID_UNKNOWN');
    expect(keys.publicJwks().keys).toHaveLength(1);
  });

  it('applies the clock tolerance at both ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const now = Math.floor(Date.now() / 1000);
    const verifier = verifierFor({ clockToleranceSeconds: 10, cache: false });
    const expiredRecently = await sign(keys.active, claims({ iat: now - 100, exp: now - 5 }));
    const slightlyAhead = await sign(keys.active, claims({ iat: now + 5, nbf: now + 5 }));
    await expect(verifier.verify(expiredRecently)).resolves.toBeDefined();
    await expect(verifier.verify(slightlyAhead)).resolves.toBeDefined();
    vi.setSystemTime(Date.now() + 6_000);
    expect(await rejectionCode(verifier.verify(expiredRecently))).toBe('ERR_TOKEN_EXPIRED');
  });

  it('requires issuer, audience, algorithms and jwks, and refuses weak settings', () => {
    const good = { issuer: ISSUER, audience: RESOURCE, algorithms: ['ES256'], jwks: keys } as const;
    for (const missing of ['issuer', 'audience', 'algorithms', 'jwks'] as const) {
      const { [missing]: _dropped, ...rest } = good;
      expect(() => createAccessTokenVerifier(rest as never)).toThrow(/is required/);
    }
    const bad: unknown[] = [
      { ...good, algorithms: [] },
      { ...good, algorithms: ['HS256'] },
      { ...good, algorithms: ['none'] },
      { ...good, algorithms: ['ES256', 'RS1'] },
      { ...good, audience: [] },
      { ...good, audience: '' },
      { ...good, issuer: '' },
      { ...good, clockToleranceSeconds: 301 },
      { ...good, clockToleranceSeconds: -1 },
      { ...good, maxTokenAge: 0 },
      { ...good, maxTokenLength: 4 },
      { ...good, cache: { size: 3 } },
      { ...good, cache: { maxEntries: 0 } },
      { ...good, isRevoked: 'yes' },
      { ...good, acceptSenderConstrained: 'true' },
      { ...good, jwks: 42 },
      { ...good, jwks: 'http://auth.example.com/jwks' },
      { ...good, jwks: 'not a url' },
      { ...good, unknown: true },
    ];
    for (const options of bad) {
      expect(() => createAccessTokenVerifier(options as never)).toThrow(TypeError);
    }
  });

  it('maps every rejection to an exposed invalid_token, 401', async () => {
    const error = await verifierFor()
      .verify('not-a-jwt')
      .catch((e: unknown) => e);
    expect(TokenError.isRejection(error)).toBe(true);
    expect(TokenError.isInstance(error) && [error.oauthError, error.status, error.expose]).toEqual([
      'invalid_token',
      401,
      true,
    ]);
  });

  it('refuses a sender-constrained token (cnf) as a bearer token, whatever the confirmation', async () => {
    const verifier = verifierFor();
    for (const cnf of [{ jkt: 'thumb' }, { 'x5t#S256': 'thumb' }, {}, null, 'thumb']) {
      const token = await sign(keys.active, claims({ cnf }));
      expect(await rejectionCode(verifier.verify(token)), JSON.stringify(cnf)).toBe(
        'ERR_TOKEN_SENDER_CONSTRAINED',
      );
    }
  });

  it('accepts cnf only when told something else checks the binding; cnf must be an object then', async () => {
    const verifier = verifierFor({ acceptSenderConstrained: true });
    const bound = await sign(keys.active, claims({ cnf: { jkt: 'thumb' } }));
    expect((await verifier.verify(bound)).claims.cnf).toEqual({ jkt: 'thumb' });
    for (const cnf of [null, 'thumb', ['thumb']]) {
      const token = await sign(keys.active, claims({ cnf }));
      expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_CLAIM_INVALID');
    }
    // the issuer's confirmation option makes such tokens
    const issued = await createAccessTokenIssuer({ issuer: ISSUER, keys }).issue({
      subject: 's',
      clientId: 'c',
      audience: RESOURCE,
      confirmation: { jkt: 'thumb' },
    });
    expect(await rejectionCode(verifierFor().verify(issued.token))).toBe(
      'ERR_TOKEN_SENDER_CONSTRAINED',
    );
    expect((await verifier.verify(issued.token)).subject).toBe('s');
  });

  it('names who an authenticated token was issued to on a rejection, never who an unverified one claims', async () => {
    const identity = {
      subject: 'user-123',
      clientId: 'client-abc',
      jti: 'the-jti',
      scopes: ['a', 'b'],
    };
    const verifier = verifierFor({ isRevoked: (jti: string) => jti === 'the-jti' });
    const base = { jti: 'the-jti', scope: 'a b' };
    for (const overrides of [
      { exp: Math.floor(Date.now() / 1000) - 600 },
      { aud: 'https://other.example/mcp' },
      { cnf: { jkt: 'thumb' } },
      {},
    ]) {
      const token = await sign(keys.active, claims({ ...base, ...overrides }));
      const error = await verifier.verify(token).catch((e: unknown) => e);
      expect(TokenError.isRejection(error) && error.identity).toEqual(identity);
    }
    // signed by a key this verifier does not trust: the claims are the attacker's, so no identity
    const forged = await sign(
      { ...(await generateSigningKey()), kid: keys.active.kid },
      claims({ ...base, sub: 'victim' }),
    );
    const error = await verifier.verify(forged).catch((e: unknown) => e);
    expect(TokenError.isRejection(error) && error.code).toBe('ERR_TOKEN_SIGNATURE_INVALID');
    expect(TokenError.isRejection(error) && error.identity).toBeUndefined();
  });
});
