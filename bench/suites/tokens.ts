import { createPublicKey, verify as cryptoVerify, type JsonWebKey } from 'node:crypto';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type SigningAlgorithm,
} from '@gatehouse/tokens';
import { nodeCryptoBackend } from '@gatehouse/tokens/node';
import { jwtVerify, SignJWT } from 'jose';
import type { Comparison, Contender } from '../harness/compare.js';

const ISSUER = 'https://auth.example.com';
const RESOURCE = 'https://mcp.example.com/mcp';
/** Distinct tokens each side cycles through: no contender verifies the same token twice in a row. */
const POOL = 512;

/** A contender that takes the next token of the pool on every call. */
function cycling(label: string, tokens: readonly string[], run: (token: string) => unknown) {
  let next = 0;
  return { label, run: () => run(tokens[next++ % tokens.length] as string) } satisfies Contender;
}

/**
 * The hardware's floor for one token: split it, decode and parse its header and payload, check the
 * signature with the synchronous `node:crypto` verify and a key imported once. No other check.
 */
function bareCryptoVerify(alg: SigningAlgorithm, jwk: object): (token: string) => unknown {
  const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const digest = alg === 'EdDSA' ? null : `sha${alg.slice(2)}`;
  const keyInput = alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  return (token) => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    const input = Buffer.from(token.slice(0, header.length + payload.length + 1), 'latin1');
    if (!cryptoVerify(digest, input, keyInput, Buffer.from(signature, 'base64url'))) {
      throw new Error('bad signature');
    }
    return claims;
  };
}

/**
 * Token verification and issuing, same key and algorithm on both sides:
 * - uncached verification with the `node:crypto` backend (every RFC 9068 check) vs a bare
 *   `crypto.verify` loop over the same distinct tokens (the hardware; target 0.8 for ES256 and EdDSA,
 *   RS256 reported), and vs `jose.jwtVerify` (reported);
 * - uncached verification with the default backend (WebCrypto through jose) vs `jose.jwtVerify`;
 * - a verified-token cache hit vs `jose.jwtVerify`;
 * - issuing vs `SignJWT` with the same claims.
 */
export async function comparisons(): Promise<Comparison[]> {
  const result: Comparison[] = [];
  for (const alg of ['ES256', 'EdDSA', 'RS256'] as SigningAlgorithm[]) {
    const keys = createKeySet({ active: await generateSigningKey({ alg }) });
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys });
    const issue = () =>
      issuer.issue({
        subject: 'user-123',
        clientId: 'client-abc',
        audience: RESOURCE,
        scope: 'files:read files:write',
      });
    const tokens: string[] = [];
    for (let index = 0; index < POOL; index++) tokens.push((await issue()).token);
    const options = { issuer: ISSUER, audience: RESOURCE, algorithms: [alg], jwks: keys };
    const nodeUncached = createAccessTokenVerifier({
      ...options,
      cache: false,
      backend: nodeCryptoBackend,
    });
    const publicKey = keys.active.publicKey;
    const joseVerify = (token: string) =>
      jwtVerify(token, publicKey, {
        issuer: ISSUER,
        audience: RESOURCE,
        algorithms: [alg],
        typ: 'at+jwt',
        requiredClaims: ['sub', 'iat', 'jti', 'client_id'],
        clockTolerance: 30,
      });
    const nodeVerify = cycling(`verifier.verify, node backend, no cache (${alg})`, tokens, (t) =>
      nodeUncached.verify(t),
    );
    result.push(
      {
        name: `tokens: uncached verify, node backend vs bare crypto.verify (${alg})`,
        baseline: cycling(
          `crypto.verify: split, decode, verify (${alg})`,
          tokens,
          bareCryptoVerify(alg, keys.active.publicJwk),
        ),
        subject: nodeVerify,
        ...(alg === 'RS256' ? {} : { minRatio: 0.8 }),
      },
      {
        name: `tokens: uncached verify, node backend vs bare jose.jwtVerify (${alg})`,
        baseline: cycling(`jose.jwtVerify (${alg})`, tokens, joseVerify),
        subject: nodeVerify,
      },
    );
    if (alg === 'RS256') continue;
    const uncached = createAccessTokenVerifier({ ...options, cache: false });
    const cached = createAccessTokenVerifier(options);
    const [token] = tokens as [string];
    await cached.verify(token);
    result.push(
      {
        name: `tokens: uncached verify vs bare jose.jwtVerify (${alg})`,
        baseline: cycling(`jose.jwtVerify (${alg})`, tokens, joseVerify),
        subject: cycling(`verifier.verify, no cache (${alg})`, tokens, (t) => uncached.verify(t)),
        minRatio: 0.9,
      },
      {
        name: `tokens: cache hit vs bare jose.jwtVerify (${alg})`,
        baseline: { label: `jose.jwtVerify (${alg})`, run: () => joseVerify(token) },
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
        subject: { label: `issuer.issue (${alg})`, run: issue },
      },
    );
  }
  return result;
}
