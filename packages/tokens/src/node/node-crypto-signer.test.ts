import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type IssueAccessTokenInput,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
  type SigningBackend,
  type SigningKey,
} from '../index.js';
import { ISSUER, RESOURCE } from '../testing/fixtures.js';
import { nodeCryptoBackend, nodeCryptoSigner } from './index.js';

const ALGORITHMS: readonly SigningAlgorithm[] = SIGNING_ALGORITHMS;
/** Deterministic signatures: the same key and input give the same bytes. */
const DETERMINISTIC = new Set<SigningAlgorithm>(['EdDSA', 'RS256', 'RS384', 'RS512']);

const INPUT: IssueAccessTokenInput = {
  subject: 'user-1',
  clientId: 'client-1',
  audience: RESOURCE,
  scope: 'a b',
  extraClaims: { gid: 'grant-1', tenant: 'Zürich ✓' },
  ttlSeconds: 120,
};

function verifierFor(keys: ReturnType<typeof createKeySet>, backend = nodeCryptoBackend) {
  return createAccessTokenVerifier({
    issuer: ISSUER,
    audience: RESOURCE,
    algorithms: ALGORITHMS,
    jwks: keys,
    cache: false,
    backend,
  });
}

const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString());

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('nodeCryptoSigner', () => {
  it.each(ALGORITHMS)(
    '%s: the same header and claims as the default issuer, verified by jose and both verifier backends',
    async (alg) => {
      const key = await generateSigningKey({ alg });
      const keys = createKeySet({ active: key });
      vi.useFakeTimers({ now: new Date('2026-01-02T03:04:05Z'), toFake: ['Date'] });
      vi.spyOn(crypto, 'randomUUID').mockReturnValue('00000000-0000-4000-8000-000000000000');
      const reference = await createAccessTokenIssuer({ issuer: ISSUER, keys }).issue(INPUT);
      const issued = await createAccessTokenIssuer({
        issuer: ISSUER,
        keys,
        backend: nodeCryptoSigner,
      }).issue(INPUT);
      vi.useRealTimers();
      const [header, payload, signature] = issued.token.split('.') as [string, string, string];
      const [referenceHeader, referencePayload] = reference.token.split('.');
      // byte for byte: the header and claims segments are what jose's CompactSign makes
      expect(header).toBe(referenceHeader);
      expect(payload).toBe(referencePayload);
      expect(decode(header)).toEqual({ alg, typ: 'at+jwt', kid: key.kid });
      expect({ ...issued, token: '' }).toEqual({ ...reference, token: '' });
      if (DETERMINISTIC.has(alg)) expect(issued.token).toBe(reference.token);
      expect(signature).toMatch(/^[A-Za-z0-9_-]+$/);

      const { payload: claims, protectedHeader } = await jwtVerify(issued.token, key.publicKey, {
        issuer: ISSUER,
        audience: RESOURCE,
        typ: 'at+jwt',
        currentDate: new Date('2026-01-02T03:05:00Z'),
      });
      expect(protectedHeader).toEqual({ alg, typ: 'at+jwt', kid: key.kid });
      expect(claims).toEqual(decode(referencePayload as string));
    },
  );

  it.each(ALGORITHMS)(
    '%s: a fresh token verifies with the default and node verifiers',
    async (alg) => {
      const keys = createKeySet({ active: await generateSigningKey({ alg }) });
      const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys, backend: nodeCryptoSigner });
      const { token, jti } = await issuer.issue(INPUT);
      const byDefault = await createAccessTokenVerifier({
        issuer: ISSUER,
        audience: RESOURCE,
        algorithms: ALGORITHMS,
        jwks: keys,
        cache: false,
      }).verify(token);
      expect(byDefault.claims.jti).toBe(jti);
      expect(byDefault.scopes).toEqual(['a', 'b']);
      expect(await verifierFor(keys).verify(token)).toEqual(byDefault);
    },
  );

  it('imports each key once, and the next key after a rotation', async () => {
    const first = await generateSigningKey();
    const second = await generateSigningKey({ alg: 'EdDSA' });
    const keys = createKeySet({ active: first });
    const importKey = vi.fn(nodeCryptoSigner.importKey);
    const spied: SigningBackend = { importKey, sign: nodeCryptoSigner.sign };
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys, backend: spied });
    for (let index = 0; index < 5; index++) await issuer.issue(INPUT);
    expect(importKey).toHaveBeenCalledTimes(1);
    keys.rotate(second);
    const { token } = await issuer.issue(INPUT);
    expect(importKey).toHaveBeenCalledTimes(2);
    expect(decode(token.split('.')[0] as string)).toMatchObject({ alg: 'EdDSA', kid: second.kid });
    expect((await verifierFor(keys).verify(token)).claims.sub).toBe('user-1');
  });

  it('refuses a key whose algorithm does not fit it, or one that is not private', async () => {
    const es256 = await generateSigningKey();
    const mislabeled = (alg: SigningAlgorithm): SigningKey => ({ ...es256, alg });
    for (const alg of ['ES384', 'EdDSA', 'RS256', 'PS256'] as const) {
      expect(() => nodeCryptoSigner.importKey(mislabeled(alg))).toThrow(TypeError);
      const issuer = createAccessTokenIssuer({
        issuer: ISSUER,
        keys: mislabeled(alg),
        backend: nodeCryptoSigner,
      });
      await expect(issuer.issue(INPUT)).rejects.toThrow(TypeError);
    }
    const publicOnly: SigningKey = { ...es256, privateKey: es256.publicKey };
    expect(() => nodeCryptoSigner.importKey(publicOnly)).toThrow(TypeError);
    expect(() =>
      nodeCryptoSigner.importKey({ ...es256, alg: 'HS256' as SigningAlgorithm }),
    ).toThrow(TypeError);
  });

  it('signs with a non-extractable key', async () => {
    const keys = createKeySet({ active: await generateSigningKey({ extractable: false }) });
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys, backend: nodeCryptoSigner });
    const { token } = await issuer.issue(INPUT);
    expect((await verifierFor(keys).verify(token)).claims.client_id).toBe('client-1');
  });

  it('refuses to sign for another algorithm than the key was imported for', async () => {
    const prepared = nodeCryptoSigner.importKey(await generateSigningKey());
    expect(() => nodeCryptoSigner.sign(prepared, 'ES384', 'a.b')).toThrow(TypeError);
  });
});
