import { toOAuthErrorResponse } from '@gatehouse/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeCodeChallenge,
  createPkcePair,
  generateCodeVerifier,
  isCodeChallenge,
  isCodeVerifier,
  PkceError,
  type PkceErrorCode,
  validateCodeChallenge,
  verifyCodeVerifier,
} from './index.js';
import { RFC_CHALLENGE, RFC_VERIFIER, rejectionCode } from './test-helpers.js';

function thrownCode(run: () => unknown): PkceErrorCode | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (PkceError.isInstance(error)) return error.code;
    throw error;
  }
}

describe('RFC 7636 Appendix B', () => {
  it('computes the published S256 challenge', async () => {
    expect(await computeCodeChallenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('verifies the published pair', async () => {
    await expect(
      verifyCodeVerifier({ verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE, method: 'S256' }),
    ).resolves.toBeUndefined();
  });
});

describe('generateCodeVerifier', () => {
  it('defaults to 43 characters (32 random bytes)', () => {
    const verifier = generateCodeVerifier();
    expect(verifier).toHaveLength(43);
    expect(isCodeVerifier(verifier)).toBe(true);
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateCodeVerifier()));
    expect(seen.size).toBe(1000);
  });

  it('throws TypeError for a length outside 43..128', () => {
    for (const length of [0, 42, 129, 50.5, Number.NaN]) {
      expect(() => generateCodeVerifier(length)).toThrow(TypeError);
    }
  });

  it('property: every generated verifier of every allowed length is valid and round-trips', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 43, max: 128 }), async (length) => {
        const verifier = generateCodeVerifier(length);
        expect(verifier).toHaveLength(length);
        expect(isCodeVerifier(verifier)).toBe(true);
        const challenge = await computeCodeChallenge(verifier);
        expect(isCodeChallenge(challenge)).toBe(true);
        await verifyCodeVerifier({ verifier, challenge, method: 'S256' });
      }),
      { numRuns: 200 },
    );
  });
});

describe('createPkcePair', () => {
  it('returns a verifier, its S256 challenge and the method', async () => {
    const pair = await createPkcePair();
    expect(pair.method).toBe('S256');
    expect(pair.challenge).toBe(await computeCodeChallenge(pair.verifier));
  });
});

describe('verifyCodeVerifier refuses attacks', () => {
  it('a wrong verifier (code interception)', async () => {
    const other = generateCodeVerifier();
    expect(
      await rejectionCode(
        verifyCodeVerifier({ verifier: other, challenge: RFC_CHALLENGE, method: 'S256' }),
      ),
    ).toBe('ERR_PKCE_VERIFIER_MISMATCH');
  });

  it('a verifier differing only in its last character', async () => {
    const tampered = `${RFC_VERIFIER.slice(0, -1)}j`;
    expect(
      await rejectionCode(
        verifyCodeVerifier({ verifier: tampered, challenge: RFC_CHALLENGE, method: 'S256' }),
      ),
    ).toBe('ERR_PKCE_VERIFIER_MISMATCH');
  });

  it('the challenge sent as the verifier (plain downgrade)', async () => {
    expect(
      await rejectionCode(
        verifyCodeVerifier({ verifier: RFC_CHALLENGE, challenge: RFC_CHALLENGE, method: 'S256' }),
      ),
    ).toBe('ERR_PKCE_VERIFIER_MISMATCH');
  });

  it('a code issued without a challenge (PKCE downgrade, RFC 9700 4.8)', async () => {
    for (const challenge of [undefined, null, '']) {
      const error = await verifyCodeVerifier({
        verifier: RFC_VERIFIER,
        challenge,
        method: 'S256',
      }).catch((e: unknown) => e);
      expect(PkceError.isInstance(error) && error.code).toBe('ERR_PKCE_CHALLENGE_MISSING');
      expect(PkceError.isInstance(error) && error.oauthError).toBe('invalid_grant');
    }
  });

  it('a downgraded code stored with neither challenge nor method: invalid_grant, not invalid_request', async () => {
    for (const method of [undefined, null, 'plain']) {
      for (const challenge of [undefined, null, '']) {
        const error = await verifyCodeVerifier({ verifier: RFC_VERIFIER, challenge, method }).catch(
          (e: unknown) => e,
        );
        expect(PkceError.isInstance(error) && error.code).toBe('ERR_PKCE_CHALLENGE_MISSING');
        expect(toOAuthErrorResponse(error)).toEqual({
          status: 400,
          body: { error: 'invalid_grant', error_description: 'code_challenge is required' },
        });
      }
    }
    const plain = await verifyCodeVerifier({
      verifier: RFC_VERIFIER,
      challenge: RFC_CHALLENGE,
      method: 'plain',
    }).catch((e: unknown) => e);
    expect(PkceError.isInstance(plain) && plain.code).toBe('ERR_PKCE_METHOD_UNSUPPORTED');
    expect(PkceError.isInstance(plain) && plain.oauthError).toBe('invalid_grant');
  });

  it('plain, absent and unknown methods', async () => {
    for (const method of ['plain', 'PLAIN', 's256', 'S256 ', 'S512', undefined, null, 256]) {
      expect(
        await rejectionCode(
          verifyCodeVerifier({ verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE, method }),
        ),
      ).toBe('ERR_PKCE_METHOD_UNSUPPORTED');
    }
  });

  it('missing, non-string, wrong-length and wrong-charset verifiers', async () => {
    const cases: Array<[unknown, PkceErrorCode]> = [
      [undefined, 'ERR_PKCE_VERIFIER_MISSING'],
      [null, 'ERR_PKCE_VERIFIER_MISSING'],
      [42, 'ERR_PKCE_VERIFIER_TYPE'],
      [['a'.repeat(43)], 'ERR_PKCE_VERIFIER_TYPE'],
      ['', 'ERR_PKCE_VERIFIER_LENGTH'],
      ['a'.repeat(42), 'ERR_PKCE_VERIFIER_LENGTH'],
      ['a'.repeat(129), 'ERR_PKCE_VERIFIER_LENGTH'],
      [`${'a'.repeat(42)} `, 'ERR_PKCE_VERIFIER_CHARSET'],
      [`${'a'.repeat(42)}+`, 'ERR_PKCE_VERIFIER_CHARSET'],
      [`${'a'.repeat(42)}é`, 'ERR_PKCE_VERIFIER_CHARSET'],
      [`${'a'.repeat(42)}\n`, 'ERR_PKCE_VERIFIER_CHARSET'],
    ];
    for (const [verifier, code] of cases) {
      expect(
        await rejectionCode(
          verifyCodeVerifier({ verifier, challenge: RFC_CHALLENGE, method: 'S256' }),
        ),
      ).toBe(code);
    }
  });

  it('maps every failure to an exposed OAuth error', async () => {
    const error = await verifyCodeVerifier({
      verifier: generateCodeVerifier(),
      challenge: RFC_CHALLENGE,
      method: 'S256',
    }).catch((e: unknown) => e);
    expect(PkceError.isInstance(error) && error.oauthError).toBe('invalid_grant');
    expect(PkceError.isInstance(error) && error.status).toBe(400);
  });
});

describe('validateCodeChallenge (authorization request)', () => {
  it('accepts a well-formed S256 challenge', () => {
    expect(() => validateCodeChallenge({ challenge: RFC_CHALLENGE, method: 'S256' })).not.toThrow();
  });

  it('refuses malformed challenges with their own codes, as invalid_request', () => {
    const cases: Array<[unknown, PkceErrorCode]> = [
      [undefined, 'ERR_PKCE_CHALLENGE_MISSING'],
      ['', 'ERR_PKCE_CHALLENGE_MISSING'],
      [{ length: 43 }, 'ERR_PKCE_CHALLENGE_TYPE'],
      [`${RFC_CHALLENGE}=`, 'ERR_PKCE_CHALLENGE_PADDING'],
      [RFC_CHALLENGE.slice(1), 'ERR_PKCE_CHALLENGE_LENGTH'],
      [`${RFC_CHALLENGE}A`, 'ERR_PKCE_CHALLENGE_LENGTH'],
      [RFC_CHALLENGE.replace('-', '+'), 'ERR_PKCE_CHALLENGE_CHARSET'],
      [RFC_CHALLENGE.replace('-', '/'), 'ERR_PKCE_CHALLENGE_CHARSET'],
      [`${RFC_CHALLENGE.slice(0, -1)}N`, 'ERR_PKCE_CHALLENGE_NON_CANONICAL'],
    ];
    for (const [challenge, code] of cases) {
      expect(thrownCode(() => validateCodeChallenge({ challenge, method: 'S256' }))).toBe(code);
    }
    expect(
      thrownCode(() => validateCodeChallenge({ challenge: RFC_CHALLENGE, method: undefined })),
    ).toBe('ERR_PKCE_METHOD_UNSUPPORTED');
    expect(
      thrownCode(() => validateCodeChallenge({ challenge: RFC_CHALLENGE, method: 'plain' })),
    ).toBe('ERR_PKCE_METHOD_UNSUPPORTED');
    try {
      validateCodeChallenge({ challenge: 'x', method: 'S256' });
    } catch (error) {
      expect(PkceError.isInstance(error) && error.oauthError).toBe('invalid_request');
    }
  });
});

describe('validators on random input', () => {
  it('never throw from is*, and throw only coded errors from the asserting functions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        async (verifier, challenge, method) => {
          expect(typeof isCodeVerifier(verifier)).toBe('boolean');
          expect(typeof isCodeChallenge(challenge)).toBe('boolean');
          const outcome = await verifyCodeVerifier({ verifier, challenge, method }).then(
            () => 'passed',
            (error: unknown) => (PkceError.isInstance(error) ? 'coded' : error),
          );
          expect(outcome).toBe('coded');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('agree between is* and the asserting functions on random strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 140 }), async (value) => {
        const verifierCode = await rejectionCode(
          verifyCodeVerifier({ verifier: value, challenge: RFC_CHALLENGE, method: 'S256' }),
        );
        const malformed =
          verifierCode !== undefined && verifierCode !== 'ERR_PKCE_VERIFIER_MISMATCH';
        expect(malformed).toBe(!isCodeVerifier(value));
        const challengeCode = thrownCode(() =>
          validateCodeChallenge({ challenge: value, method: 'S256' }),
        );
        expect(challengeCode === undefined).toBe(isCodeChallenge(value));
      }),
      { numRuns: 1000 },
    );
  });
});
