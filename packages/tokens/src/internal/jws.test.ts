import { base64url, isCanonicalBase64url } from '@gatehouse/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64urlText } from './base64url-text.js';
import { isCanonicalCompactJws } from './jws.js';

/** The definition: three parts, the first two non-empty, each canonical base64url. */
function reference(token: string): boolean {
  const parts = token.split('.');
  return (
    parts.length === 3 && parts[0] !== '' && parts[1] !== '' && parts.every(isCanonicalBase64url)
  );
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Strings that are often almost a compact JWS: alphabet characters, dots, and a few strangers. */
const nearTokens = fc
  .array(fc.constantFrom(...ALPHABET, '.', '.', '=', '+', '/', ' ', '\n', 'é', '\u0000'), {
    maxLength: 40,
  })
  .map((chars) => chars.join(''));

describe('isCanonicalCompactJws (the one-pass form check)', () => {
  it('agrees with the part-by-part definition on near-tokens and on any string', () => {
    fc.assert(
      fc.property(fc.oneof(nearTokens, fc.string({ unit: 'binary' })), (token) => {
        expect(isCanonicalCompactJws(token)).toBe(reference(token));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees on three encoded parts with their last character re-spelled', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 12 }), { minLength: 3, maxLength: 3 }),
        fc.nat({ max: 2 }),
        fc.constantFrom(...ALPHABET),
        (parts, which, last) => {
          const encoded = parts.map((bytes) => base64url(bytes));
          const part = encoded[which] as string;
          if (part !== '') encoded[which] = part.slice(0, -1) + last;
          const token = encoded.join('.');
          expect(isCanonicalCompactJws(token)).toBe(reference(token));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses a trailing newline and a JWE', () => {
    expect(isCanonicalCompactJws('eyJh.eyJz.c2ln')).toBe(true);
    expect(isCanonicalCompactJws('eyJh.eyJz.c2ln\n')).toBe(false);
    expect(isCanonicalCompactJws('eyJh.eyJz.c2ln.eA.eA')).toBe(false);
    expect(isCanonicalCompactJws('eyJh.eyJz.')).toBe(true);
  });
});

describe('decodeBase64urlText', () => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const lenient = new TextDecoder();

  it('decodes as TextDecoder does, strict and lenient, on any bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.string().map((s) => new TextEncoder().encode(s)),
        ),
        (bytes) => {
          const text = `x.${base64url(bytes)}.y`;
          const end = text.length - 2;
          expect(decodeBase64urlText(text, 2, end, false)).toBe(lenient.decode(bytes));
          let expected: string | undefined;
          try {
            expected = strict.decode(bytes);
          } catch {
            expected = undefined;
          }
          if (expected === undefined) {
            expect(() => decodeBase64urlText(text, 2, end, true)).toThrow(TypeError);
          } else {
            expect(decodeBase64urlText(text, 2, end, true)).toBe(expected);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
