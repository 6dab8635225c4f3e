import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { computeCodeChallenge, generateCodeVerifier, verifyCodeVerifier } from '../index.js';
import { RFC_CHALLENGE, RFC_VERIFIER, rejectionCode } from '../test-helpers.js';
import { nodeS256 } from './index.js';

describe('nodeS256', () => {
  it('gives the RFC 7636 Appendix B challenge', () => {
    expect(nodeS256(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('agrees with the WebCrypto transform for any verifier', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 43, max: 128 }), async (length) => {
        const verifier = generateCodeVerifier(length);
        expect(nodeS256(verifier)).toBe(await computeCodeChallenge(verifier));
      }),
    );
  });
});

describe('verifyCodeVerifier with s256: nodeS256', () => {
  const check = (verifier: unknown, challenge: unknown = RFC_CHALLENGE) =>
    verifyCodeVerifier({ verifier, challenge, method: 'S256', s256: nodeS256 });

  it('accepts the matching verifier', async () => {
    await expect(check(RFC_VERIFIER)).resolves.toBeUndefined();
  });

  it('refuses another verifier, and a verifier one character off', async () => {
    expect(await rejectionCode(check(generateCodeVerifier()))).toBe('ERR_PKCE_VERIFIER_MISMATCH');
    expect(await rejectionCode(check(`${RFC_VERIFIER.slice(0, -1)}j`))).toBe(
      'ERR_PKCE_VERIFIER_MISMATCH',
    );
  });

  it('refuses a verifier that is the challenge itself (plain downgrade)', async () => {
    expect(await rejectionCode(check(RFC_CHALLENGE))).toBe('ERR_PKCE_VERIFIER_MISMATCH');
  });

  it('checks the input before the transform runs', async () => {
    const s256 = vi.fn(nodeS256);
    const malformed = ['', 'short', `${RFC_VERIFIER} `, 'é'.repeat(43), 42, null, undefined];
    for (const verifier of malformed) {
      expect(
        await rejectionCode(
          verifyCodeVerifier({ verifier, challenge: RFC_CHALLENGE, method: 'S256', s256 }),
        ),
      ).toMatch(/^ERR_PKCE_VERIFIER_/);
    }
    expect(
      await rejectionCode(
        verifyCodeVerifier({ verifier: RFC_VERIFIER, challenge: undefined, method: 'S256', s256 }),
      ),
    ).toBe('ERR_PKCE_CHALLENGE_MISSING');
    expect(s256).not.toHaveBeenCalled();
  });

  it('fails closed when a custom transform returns something else', async () => {
    const wrong = await rejectionCode(
      verifyCodeVerifier({
        verifier: RFC_VERIFIER,
        challenge: RFC_CHALLENGE,
        method: 'S256',
        s256: () => '',
      }),
    );
    expect(wrong).toBe('ERR_PKCE_VERIFIER_MISMATCH');
  });
});
