import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256, sha256Hex, sha256Key, toHex } from './index.js';

const encoder = new TextEncoder();
const hex = (data: string | Uint8Array): string => toHex(sha256(data));

async function referenceBytes(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

async function referenceHex(data: string | Uint8Array): Promise<string> {
  return Array.from(await referenceBytes(data), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** The digest as sha256Key spells it: 16 characters of 16 bits each. */
async function referenceKey(text: string): Promise<string> {
  const digest = await referenceBytes(text);
  let key = '';
  for (let i = 0; i < digest.length; i += 2) {
    key += String.fromCharCode(((digest[i] as number) << 8) | (digest[i + 1] as number));
  }
  return key;
}

describe('sha256 (pure implementation)', () => {
  it('matches the FIPS 180-2 vectors', async () => {
    expect(hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    // each of these grows the internal buffer first
    expect(sha256Hex('a'.repeat(1_000_000))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
    const longer = 'é'.repeat(1_500_000);
    expect(hex(longer)).toBe(await referenceHex(longer));
  });

  it('agrees with WebCrypto at every padding boundary, for bytes, ASCII and multi-byte UTF-8', async () => {
    const lengths = [0, 1, 54, 55, 56, 57, 63, 64, 65, 118, 119, 120, 121, 127, 128, 129, 183, 184];
    for (const length of lengths) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      expect(hex(bytes), `bytes ${length}`).toBe(await referenceHex(bytes));
      const ascii = 'x'.repeat(length);
      expect(sha256Hex(ascii), `ascii ${length}`).toBe(await referenceHex(ascii));
      expect(sha256Key(`<${ascii}>`, 1, length + 1), `key ${length}`).toBe(
        await referenceKey(ascii),
      );
      // 2-, 3- and 4-byte UTF-8 and a lone surrogate (encoded as U+FFFD) landing on the boundary
      for (const char of ['é', '€', '😀', '\uD800']) {
        const text = `${'a'.repeat(Math.max(0, length - 2))}${char}`;
        expect(sha256Hex(text), `${char} ${length}`).toBe(await referenceHex(text));
      }
    }
  });

  it('property: agrees with WebCrypto on strings (UTF-8) and bytes of every padding length', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), async (text) => {
        const expected = await referenceHex(text);
        expect(hex(text)).toBe(expected);
        expect(sha256Hex(text)).toBe(expected);
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        expect(hex(bytes)).toBe(await referenceHex(bytes));
      }),
      { numRuns: 300 },
    );
  });
});

describe('sha256Key (the verified-token cache key)', () => {
  it('matches WebCrypto SHA-256 at every padding boundary', async () => {
    for (const length of [0, 1, 3, 4, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 8192]) {
      const text = 'abcdefghij'.repeat(1000).slice(0, length);
      expect(sha256Key(text)).toBe(await referenceKey(text));
    }
  });

  it('hashes only text[start..end)', async () => {
    const token = 'header.payload.signature-part_0123456789';
    const start = token.lastIndexOf('.') + 1;
    expect(sha256Key(token, start)).toBe(await referenceKey(token.slice(start)));
    expect(sha256Key(token, 7, 14)).toBe(await referenceKey('payload'));
  });

  it('matches WebCrypto SHA-256 on random ASCII', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({
          unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
          maxLength: 300,
        }),
        async (text) => {
          expect(sha256Key(text)).toBe(await referenceKey(text));
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

  it('is not disturbed by the other digests sharing its buffer', async () => {
    const text = 'x'.repeat(70);
    const before = sha256Key(text);
    sha256Hex('é'.repeat(5000)); // grows and fills the shared buffer
    expect(sha256Key(text)).toBe(before);
    expect(before).toBe(await referenceKey(text));
  });
});
