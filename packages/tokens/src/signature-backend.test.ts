import { describe, expect, it, vi } from 'vitest';
import {
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type SignatureBackend,
  TokenError,
} from './index.js';
import { claims, handMade, ISSUER, RESOURCE, rejectionCode, sign } from './testing/fixtures.js';

const key = await generateSigningKey();
const keys = createKeySet({ active: key });

function verifierWith(backend: unknown) {
  return createAccessTokenVerifier({
    issuer: ISSUER,
    audience: RESOURCE,
    algorithms: ['ES256'],
    jwks: keys,
    cache: false,
    backend: backend as SignatureBackend,
  });
}

/** A backend on WebCrypto that answers through promises, with every call recorded. */
function webCryptoBackend() {
  const decode = (text: string) =>
    Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  return {
    importKey: vi.fn(async () => key.publicKey),
    verify: vi.fn((cryptoKey: CryptoKey, _alg: string, input: string, signature: string) =>
      crypto.subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        cryptoKey,
        decode(signature),
        new TextEncoder().encode(input),
      ),
    ),
  };
}

describe('the backend option of createAccessTokenVerifier', () => {
  it('is checked at construction: an object with importKey and verify', () => {
    for (const bad of [
      null,
      'node',
      () => true,
      {},
      { importKey: () => 1 },
      { verify: () => true },
    ]) {
      expect(() => verifierWith(bad)).toThrow(TypeError);
    }
  });

  it('gets the signing input and the signature as they are, once the header and key are checked', async () => {
    const backend = webCryptoBackend();
    const verifier = verifierWith(backend);
    const token = await sign(key, claims());
    expect((await verifier.verify(token)).subject).toBe('user-123');
    const lastDot = token.lastIndexOf('.');
    expect(backend.importKey).toHaveBeenCalledWith(key.publicJwk, 'ES256');
    expect(backend.verify).toHaveBeenCalledWith(
      key.publicKey,
      'ES256',
      token.slice(0, lastDot),
      token.slice(lastDot + 1),
    );
    const refusedEarlier = [
      handMade({ alg: 'none', typ: 'at+jwt' }, claims()),
      handMade({ alg: 'ES256', typ: 'JWT', kid: key.kid }, claims(), 'c2ln'),
      handMade({ alg: 'ES256', typ: 'at+jwt', kid: 'other' }, claims(), 'c2ln'),
      'not.a-token',
    ];
    for (const early of refusedEarlier) {
      expect(TokenError.isRejection(await verifier.verify(early).catch((e: unknown) => e))).toBe(
        true,
      );
    }
    expect(backend.verify).toHaveBeenCalledTimes(1);
    expect(backend.importKey).toHaveBeenCalledTimes(1);
  });

  it('anything but true from verify is a bad signature; a throw from verify is the verifier failing', async () => {
    const token = await sign(key, claims());
    for (const answer of [false, 'true', 1, undefined, Promise.resolve(false)]) {
      const verifier = verifierWith({ importKey: () => ({}), verify: () => answer });
      expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_SIGNATURE_INVALID');
    }
    const failing = verifierWith({
      importKey: () => ({}),
      verify: () => {
        throw new Error('backend down');
      },
    });
    const error = await failing.verify(token).catch((e: unknown) => e);
    expect(TokenError.isInstance(error)).toBe(false);
  });

  it('a key the backend cannot import, by throw or rejection: ERR_TOKEN_JWKS_INVALID (500)', async () => {
    const token = await sign(key, claims());
    for (const importKey of [
      () => {
        throw new Error('no');
      },
      () => Promise.reject(new Error('no')),
    ]) {
      const verifier = verifierWith({ importKey, verify: () => true });
      const error = await verifier.verify(token).catch((e: unknown) => e);
      expect(TokenError.isInstance(error) && error.code).toBe('ERR_TOKEN_JWKS_INVALID');
      expect(TokenError.isRejection(error)).toBe(false);
    }
  });
});
