import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  type SigningAlgorithm,
} from './index.js';

const ALGORITHMS: SigningAlgorithm[] = ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'];

describe('generateSigningKey', () => {
  it('defaults to ES256', async () => {
    const key = await generateSigningKey();
    expect(key.alg).toBe('ES256');
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
  });

  it.each(ALGORITHMS)('makes %s keys whose kid is the RFC 7638 thumbprint', async (alg) => {
    const key = await generateSigningKey({ alg });
    expect(key.alg).toBe(alg);
    expect(key.privateKey.type).toBe('private');
    expect(key.publicKey.type).toBe('public');
    const { kid: _kid, alg: _alg, use: _use, ...members } = key.publicJwk;
    expect(key.kid).toBe(await calculateJwkThumbprint(members, 'sha256'));
    expect(key.publicJwk.kid).toBe(key.kid);
  });

  it('never puts private members in the public JWK', async () => {
    for (const alg of ALGORITHMS) {
      const { publicJwk } = await generateSigningKey({ alg });
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) {
        expect(publicJwk).not.toHaveProperty(member);
      }
    }
  });

  it('refuses HMAC, none and unknown algorithms', async () => {
    for (const alg of ['HS256', 'none', 'ES999', '']) {
      await expect(generateSigningKey({ alg: alg as SigningAlgorithm })).rejects.toThrow(TypeError);
    }
  });
});

describe('export and import', () => {
  it.each(ALGORITHMS)('round-trips a %s key with its kid', async (alg) => {
    const key = await generateSigningKey({ alg });
    const jwk = await exportSigningKey(key);
    expect(jwk).toMatchObject({ kid: key.kid, alg, use: 'sig' });
    expect(typeof jwk.d).toBe('string');
    const imported = await importSigningKey(jwk);
    expect(imported.kid).toBe(key.kid);
    expect(imported.alg).toBe(alg);
    expect(imported.publicJwk).toEqual(key.publicJwk);
    expect(await exportSigningKey(imported)).toEqual(jwk);
  });

  it('computes the thumbprint when the JWK has no kid, and infers alg from the curve', async () => {
    const key = await generateSigningKey({ alg: 'EdDSA' });
    const { kid: _kid, alg: _alg, ...jwk } = await exportSigningKey(key);
    const imported = await importSigningKey(jwk);
    expect(imported.kid).toBe(key.kid);
    expect(imported.alg).toBe('EdDSA');
  });

  it('refuses public keys, symmetric keys and keys that do not fit their alg', async () => {
    const es256 = await exportSigningKey(await generateSigningKey());
    const { d: _d, ...publicOnly } = es256;
    const rejected = [
      publicOnly,
      { kty: 'oct', k: 'c2VjcmV0', d: 'x', alg: 'HS256' },
      { ...es256, alg: 'RS256' },
      { ...es256, alg: 'ES384' },
      { ...es256, alg: 'none' },
    ];
    for (const jwk of rejected) {
      await expect(importSigningKey(jwk)).rejects.toThrow(TypeError);
    }
  });

  it('does not export a key generated as non-extractable', async () => {
    const key = await generateSigningKey({ extractable: false });
    await expect(exportSigningKey(key)).rejects.toThrow();
  });
});
