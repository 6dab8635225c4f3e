import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256, sha256Hex, toHex } from './internal/sha256.js';

const hex = (data: string | Uint8Array): string => toHex(sha256(data));

describe('sha256 (pure implementation)', () => {
  it('matches the FIPS 180-2 vectors', () => {
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
    expect(hex(longer)).toBe(createHash('sha256').update(longer, 'utf8').digest('hex'));
  });

  it('property: agrees with node:crypto on strings (UTF-8) and bytes of every padding length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const expected = createHash('sha256').update(text, 'utf8').digest('hex');
        expect(hex(text)).toBe(expected);
        expect(sha256Hex(text)).toBe(expected);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});
