import { describe, expect, it, vi } from 'vitest';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type SigningBackend,
} from './index.js';
import { ISSUER, RESOURCE } from './testing/fixtures.js';

const INPUT = { subject: 'user-1', clientId: 'client-1', audience: RESOURCE, scope: 'a' };

/** A WebCrypto ES256 backend written out, as a user would write one. */
const webCryptoEs256: SigningBackend<CryptoKey> = {
  importKey: (key) => key.privateKey,
  sign: async (privateKey, _alg, signingInput) => {
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      privateKey,
      new TextEncoder().encode(signingInput),
    );
    const binary = String.fromCharCode(...new Uint8Array(signature));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  },
};

describe('createAccessTokenIssuer backend', () => {
  it('signs through an injected backend; the verifier accepts the token', async () => {
    const keys = createKeySet({ active: await generateSigningKey() });
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys, backend: webCryptoEs256 });
    const { token, jti } = await issuer.issue(INPUT);
    const verified = await createAccessTokenVerifier({
      issuer: ISSUER,
      audience: RESOURCE,
      algorithms: ['ES256'],
      jwks: keys,
      cache: false,
    }).verify(token);
    expect(verified.claims.jti).toBe(jti);
  });

  it('refuses a backend without importKey and sign at construction', async () => {
    const keys = createKeySet({ active: await generateSigningKey() });
    for (const backend of [null, 'node', {}, { importKey: () => null }, { sign: () => '' }]) {
      expect(() =>
        createAccessTokenIssuer({
          issuer: ISSUER,
          keys,
          backend: backend as unknown as SigningBackend,
        }),
      ).toThrow(TypeError);
    }
  });

  it('never returns a token whose signature the backend did not give as base64url', async () => {
    const keys = createKeySet({ active: await generateSigningKey() });
    for (const signature of ['', 'a.b', 'abc=', 42]) {
      const backend: SigningBackend = { importKey: () => null, sign: () => signature as string };
      const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys, backend });
      await expect(issuer.issue(INPUT)).rejects.toThrow(TypeError);
    }
  });

  it('a failed key import fails the issue and is tried again on the next one', async () => {
    const keys = createKeySet({ active: await generateSigningKey() });
    const importKey = vi
      .fn<SigningBackend<CryptoKey>['importKey']>()
      .mockRejectedValueOnce(new Error('key store unavailable'))
      .mockImplementation(webCryptoEs256.importKey);
    const issuer = createAccessTokenIssuer({
      issuer: ISSUER,
      keys,
      backend: { importKey, sign: webCryptoEs256.sign },
    });
    await expect(issuer.issue(INPUT)).rejects.toThrow('key store unavailable');
    await expect(issuer.issue(INPUT)).resolves.toMatchObject({ expiresIn: 300 });
    await issuer.issue(INPUT);
    expect(importKey).toHaveBeenCalledTimes(2);
  });
});
