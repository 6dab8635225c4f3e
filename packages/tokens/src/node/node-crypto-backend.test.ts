import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { base64url } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  SIGNING_ALGORITHMS,
  type SignatureBackend,
  type SigningAlgorithm,
} from '../index.js';
import { claims, handMade, ISSUER, RESOURCE, rejectionCode, sign } from '../testing/fixtures.js';
import { nodeCryptoBackend } from './index.js';

const ALGORITHMS: readonly SigningAlgorithm[] = SIGNING_ALGORITHMS;

function verifierFor(
  jwks: Parameters<typeof createAccessTokenVerifier>[0]['jwks'],
  backend?: SignatureBackend,
) {
  return createAccessTokenVerifier({
    issuer: ISSUER,
    audience: RESOURCE,
    algorithms: ALGORITHMS,
    jwks,
    cache: false,
    ...(backend === undefined ? {} : { backend }),
  });
}

describe('nodeCryptoBackend', () => {
  it.each(ALGORITHMS)(
    '%s: verifies what the issuer signs, as the default does, from a key set and a JWK Set',
    async (alg) => {
      const keys = createKeySet({ active: await generateSigningKey({ alg }) });
      const { token } = await createAccessTokenIssuer({ issuer: ISSUER, keys }).issue({
        subject: 'user-1',
        clientId: 'client-1',
        audience: RESOURCE,
        scope: 'a b',
      });
      const expected = await verifierFor(keys).verify(token);
      expect(expected.scopes).toEqual(['a', 'b']);
      expect(await verifierFor(keys, nodeCryptoBackend).verify(token)).toEqual(expected);
      expect(await verifierFor(keys.publicJwks(), nodeCryptoBackend).verify(token)).toEqual(
        expected,
      );
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const flipped = signature.startsWith('A')
        ? `B${signature.slice(1)}`
        : `A${signature.slice(1)}`;
      for (const verifier of [verifierFor(keys), verifierFor(keys, nodeCryptoBackend)]) {
        expect(await rejectionCode(verifier.verify(`${header}.${payload}.${flipped}`))).toBe(
          'ERR_TOKEN_SIGNATURE_INVALID',
        );
      }
    },
  );

  it('answers false, never throws, for a signature of any length or content', async () => {
    for (const alg of ['ES256', 'EdDSA', 'RS256', 'PS256'] as const) {
      const key = await generateSigningKey({ alg });
      const prepared = nodeCryptoBackend.importKey(key.publicJwk, alg);
      const input = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0';
      for (const bytes of [0, 1, 63, 64, 65, 96, 132, 255, 256, 257, 2000]) {
        const signature = base64url.encode(new Uint8Array(bytes).fill(bytes % 251));
        expect(nodeCryptoBackend.verify(prepared, alg, input, signature)).toBe(false);
      }
    }
  });

  it('refuses, at import, a key that does not fit the algorithm or an RSA key under 2048 bits', async () => {
    const es256 = await generateSigningKey();
    expect(() => nodeCryptoBackend.importKey(es256.publicJwk, 'ES384')).toThrow(TypeError);
    expect(() => nodeCryptoBackend.importKey(es256.publicJwk, 'EdDSA')).toThrow(TypeError);
    expect(() => nodeCryptoBackend.importKey(es256.publicJwk, 'RS256')).toThrow(TypeError);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      format: 'jwk',
    });
    expect(() => nodeCryptoBackend.importKey(weak, 'RS256')).toThrow(TypeError);
    expect(() => nodeCryptoBackend.importKey(es256.publicJwk, 'HS256' as SigningAlgorithm)).toThrow(
      TypeError,
    );
  });

  it('a published RSA key under 2048 bits: ERR_TOKEN_JWKS_INVALID with either backend', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'weak', alg: 'RS256' }] };
    const unsigned = handMade({ alg: 'RS256', typ: 'at+jwt', kid: 'weak' }, claims()).slice(0, -1);
    const signature = nodeSign('sha256', Buffer.from(unsigned), privateKey).toString('base64url');
    const token = `${unsigned}.${signature}`;
    for (const backend of [undefined, nodeCryptoBackend]) {
      expect(await rejectionCode(verifierFor(jwks, backend).verify(token))).toBe(
        'ERR_TOKEN_JWKS_INVALID',
      );
    }
  });

  it('a published key that cannot be imported: ERR_TOKEN_JWKS_INVALID with either backend', async () => {
    const key = await generateSigningKey();
    const offCurve = { ...key.publicJwk, y: key.publicJwk.x as string };
    const token = await sign(key, claims());
    for (const backend of [undefined, nodeCryptoBackend]) {
      expect(await rejectionCode(verifierFor({ keys: [offCurve] }, backend).verify(token))).toBe(
        'ERR_TOKEN_JWKS_INVALID',
      );
    }
  });

  it('imports each key once per algorithm, whatever the number of tokens', async () => {
    const keys = createKeySet({ active: await generateSigningKey() });
    keys.rotate(await generateSigningKey({ alg: 'EdDSA' }));
    const importKey = vi.fn(nodeCryptoBackend.importKey);
    const verifier = verifierFor(keys, { ...nodeCryptoBackend, importKey });
    const signers = [keys.active, ...keys.retired.map(({ key }) => key)];
    for (let round = 0; round < 5; round++) {
      for (const signer of signers) await verifier.verify(await sign(signer, claims()));
    }
    expect(importKey).toHaveBeenCalledTimes(2);
  });
});
