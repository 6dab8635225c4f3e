import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type SigningAlgorithm,
} from './index.js';
import { ISSUER, RESOURCE } from './testing/fixtures.js';

const ALGORITHMS: SigningAlgorithm[] = ['ES256', 'EdDSA', 'RS256', 'PS256'];

describe('cross-check with plain jose', () => {
  it.each(ALGORITHMS)(
    '%s tokens issued here pass jose.jwtVerify with RFC 9068 checks',
    async (alg) => {
      const keys = createKeySet({ active: await generateSigningKey({ alg }) });
      const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys });
      const { token, jti } = await issuer.issue({
        subject: 'user-1',
        clientId: 'client-1',
        audience: RESOURCE,
        scope: 'files:read',
      });
      const { payload, protectedHeader } = await jwtVerify(token, keys.active.publicKey, {
        issuer: ISSUER,
        audience: RESOURCE,
        algorithms: [alg],
        typ: 'at+jwt',
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
      });
      expect(protectedHeader).toEqual({ alg, typ: 'at+jwt', kid: keys.active.kid });
      expect(payload).toMatchObject({
        sub: 'user-1',
        client_id: 'client-1',
        scope: 'files:read',
        jti,
      });
    },
  );

  it.each(ALGORITHMS)('%s RFC 9068 tokens made with jose SignJWT verify here', async (alg) => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const { exportJWK } = await import('jose');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'jose-key', alg, use: 'sig' };
    const token = await new SignJWT({ client_id: 'client-2', scope: 'a b' })
      .setProtectedHeader({ alg, typ: 'at+jwt', kid: 'jose-key' })
      .setIssuer(ISSUER)
      .setSubject('user-2')
      .setAudience([RESOURCE, 'https://other.example'])
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('5m')
      .setJti('jti-2')
      .sign(privateKey);
    const verifier = createAccessTokenVerifier({
      issuer: ISSUER,
      audience: RESOURCE,
      algorithms: [alg],
      jwks: { keys: [jwk] },
    });
    expect(await verifier.verify(token)).toMatchObject({
      subject: 'user-2',
      clientId: 'client-2',
      scopes: ['a', 'b'],
      audience: [RESOURCE, 'https://other.example'],
      jti: 'jti-2',
    });
  });
});
