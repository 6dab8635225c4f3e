import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DESCRIPTION_LENGTH, toDescriptionCharset } from './index.js';

describe('toDescriptionCharset', () => {
  it('keeps clean text as it is and maps the rest', () => {
    expect(toDescriptionCharset('scope mcp:admin is not allowed')).toBe(
      'scope mcp:admin is not allowed',
    );
    expect(toDescriptionCharset('bad "x"\\\r\nü')).toBe("bad 'x'/???");
    expect(toDescriptionCharset('key \u{1f511}')).toBe('key ?');
    expect(toDescriptionCharset('a'.repeat(2000))).toBe('a'.repeat(MAX_DESCRIPTION_LENGTH));
  });

  it('property: the result is in the RFC 6749 character set and within the length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        const out = toDescriptionCharset(text);
        expect(out.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
        expect(out).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/);
      }),
      { numRuns: 200 },
    );
  });
});
