import fc from 'fast-check';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  TokenError,
} from './index.js';
import { claims, ISSUER, RESOURCE, sign } from './testing/fixtures.js';

const key = await generateSigningKey();
const verifier = createAccessTokenVerifier({
  issuer: ISSUER,
  audience: RESOURCE,
  algorithms: ['ES256'],
  jwks: createKeySet({ active: key }),
});

async function outcome(token: string): Promise<unknown> {
  return verifier.verify(token).then(
    () => 'accepted',
    (error: unknown) => (TokenError.isRejection(error) ? 'rejected' : error),
  );
}

describe('the verifier on hostile input', () => {
  it('rejects random strings with a coded rejection, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (token) => {
        expect(await outcome(token)).toBe('rejected');
      }),
      { numRuns: 300 },
    );
  });

  it('rejects random headers and payloads around a real signature', async () => {
    const [, , signature] = (await sign(key, claims())).split('.');
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), async (header, payload) => {
        const token = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload) ?? '')}.${signature}`;
        expect(await outcome(token)).toBe('rejected');
      }),
      { numRuns: 200 },
    );
  });

  it('rejects any single-character change to a valid token', async () => {
    const token = await sign(key, claims());
    expect(await outcome(token)).toBe('accepted');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...alphabet),
        async (index, replacement) => {
          fc.pre(token[index] !== replacement);
          const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
          // even a change to the unused bits of the signature's last character, which leaves the
          // signature bytes as they were, is refused: a token has one canonical spelling
          expect(await outcome(tampered)).toBe('rejected');
        },
      ),
      { numRuns: 200 },
    );
  });
});
