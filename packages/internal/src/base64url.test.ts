import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64url, isCanonicalBase64url } from './index.js';

function reference(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

describe('base64url', () => {
  it('encodes the RFC 4648 test vectors', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [text, encoded] of vectors) {
      expect(base64url(new TextEncoder().encode(text))).toBe(encoded);
    }
  });

  it('agrees with a reference encoder on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(base64url(bytes)).toBe(reference(bytes));
      }),
    );
  });
});

describe('isCanonicalBase64url', () => {
  it('accepts what base64url produces, for every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(isCanonicalBase64url(base64url(bytes))).toBe(true);
      }),
    );
  });

  it('refuses other spellings of the same bytes, impossible lengths and foreign characters', () => {
    expect(isCanonicalBase64url('Zm9vYh')).toBe(false);
    expect(isCanonicalBase64url('Zm8')).toBe(true);
    expect(isCanonicalBase64url('Zm9')).toBe(false);
    expect(isCanonicalBase64url('Zm9vY')).toBe(false);
    for (const text of ['Zm9v+g', 'Zm9v/g', 'Zm9vYg==', 'Zm9v Yg', 'Zm9vYgé']) {
      expect(isCanonicalBase64url(text)).toBe(false);
    }
  });

  it('agrees with a decode-and-re-encode round trip on random strings', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
          ),
          maxLength: 40,
        }),
        (text) => {
          if (text.length % 4 === 1) {
            expect(isCanonicalBase64url(text)).toBe(false);
            return;
          }
          const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
          const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
          expect(isCanonicalBase64url(text)).toBe(base64url(bytes) === text);
        },
      ),
    );
  });
});
