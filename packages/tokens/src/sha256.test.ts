import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Key } from './internal/sha256.js';

async function reference(text: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
  );
  let key = '';
  for (let i = 0; i < digest.length; i += 2) {
    key += String.fromCharCode(((digest[i] as number) << 8) | (digest[i + 1] as number));
  }
  return key;
}

describe('sha256Key (the cache key)', () => {
  it('matches WebCrypto SHA-256 at every padding boundary', async () => {
    for (const length of [0, 1, 3, 4, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 8192]) {
      const text = 'abcdefghij'.repeat(1000).slice(0, length);
      expect(sha256Key(text)).toBe(await reference(text));
    }
  });

  it('matches WebCrypto SHA-256 on random ASCII', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({
          unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
          maxLength: 300,
        }),
        async (text) => {
          expect(sha256Key(text)).toBe(await reference(text));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses non-ASCII input instead of hashing it', () => {
    for (const text of ['é', `${'a'.repeat(100)}\u0100`, 'ab\uffffcd', '\u{1f600}']) {
      expect(sha256Key(text)).toBeUndefined();
    }
  });
});
