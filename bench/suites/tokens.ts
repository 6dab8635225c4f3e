import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type SigningAlgorithm,
} from '@gatehouse/tokens';
import { jwtVerify, SignJWT } from 'jose';
import type { Comparison } from '../harness/compare.js';

const ISSUER = 'https://auth.example.com';
const RESOURCE = 'https://mcp.example.com/mcp';

/**
 * Token verification and issuing against bare jose, same key and algorithm, for ES256 and EdDSA:
 * - uncached verification (every RFC 9068 check) vs `jwtVerify` with the equivalent options;
 * - a verified-token cache hit vs `jwtVerify`;
 * - issuing vs `SignJWT` with the same claims.
 */
export async function comparisons(): Promise<Comparison[]> {
  const result: Comparison[] = [];
  for (const alg of ['ES256', 'EdDSA'] as SigningAlgorithm[]) {
    const keys = createKeySet({ active: await generateSigningKey({ alg }) });
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys });
    const { token } = await issuer.issue({
      subject: 'user-123',
      clientId: 'client-abc',
      audience: RESOURCE,
      scope: 'files:read files:write',
    });
    const options = { issuer: ISSUER, audience: RESOURCE, algorithms: [alg], jwks: keys };
    const uncached = createAccessTokenVerifier({ ...options, cache: false });
    const cached = createAccessTokenVerifier(options);
    await cached.verify(token);
    const publicKey = keys.active.publicKey;
    const bareVerify = {
      label: `jose.jwtVerify (${alg})`,
      run: () =>
        jwtVerify(token, publicKey, {
          issuer: ISSUER,
          audience: RESOURCE,
          algorithms: [alg],
          typ: 'at+jwt',
          requiredClaims: ['sub', 'iat', 'jti', 'client_id'],
          clockTolerance: 30,
        }),
    };
    result.push(
      {
        name: `tokens: uncached verify vs bare jose.jwtVerify (${alg})`,
        baseline: bareVerify,
        subject: { label: `verifier.verify, no cache (${alg})`, run: () => uncached.verify(token) },
        minRatio: 0.9,
      },
      {
        name: `tokens: cache hit vs bare jose.jwtVerify (${alg})`,
        baseline: bareVerify,
        subject: { label: `verifier.verify, cache hit (${alg})`, run: () => cached.verify(token) },
        minRatio: 50,
      },
      {
        name: `tokens: issue vs bare jose SignJWT (${alg})`,
        baseline: {
          label: `jose SignJWT (${alg})`,
          run: () =>
            new SignJWT({ client_id: 'client-abc', scope: 'files:read files:write' })
              .setProtectedHeader({ alg, typ: 'at+jwt', kid: keys.active.kid })
              .setIssuer(ISSUER)
              .setSubject('user-123')
              .setAudience(RESOURCE)
              .setIssuedAt()
              .setExpirationTime('5m')
              .setJti(crypto.randomUUID())
              .sign(keys.active.privateKey),
        },
        subject: {
          label: `issuer.issue (${alg})`,
          run: () =>
            issuer.issue({
              subject: 'user-123',
              clientId: 'client-abc',
              audience: RESOURCE,
              scope: 'files:read files:write',
            }),
        },
      },
    );
  }
  return result;
}
