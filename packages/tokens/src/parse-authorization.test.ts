import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuthorization } from './internal/parse-authorization.js';

describe('parseAuthorization (RFC 6750 section 2.1)', () => {
  it('reads the token of a Bearer header, scheme in any case', () => {
    for (const value of ['Bearer abc.DEF-_~+/==', 'bearer abc', 'BEARER  abc']) {
      expect(parseAuthorization(value).kind).toBe('bearer');
    }
    expect(parseAuthorization('Bearer a.b.c')).toEqual({ kind: 'bearer', token: 'a.b.c' });
  });

  it('tells other schemes from malformed headers', () => {
    for (const value of ['Basic dXNlcjpwdw==', 'DPoP abc', 'Negotiate']) {
      expect(parseAuthorization(value).kind).toBe('other-scheme');
    }
    for (const value of [
      'Bearer',
      'Bearer ',
      'Bearer a b',
      'Bearer a=b',
      'Bearer\tabc',
      ' Bearer abc',
      'Bearer abc ',
      'Bearer "abc"',
      '',
      'Bearer,abc',
    ]) {
      expect(parseAuthorization(value).kind).toBe('malformed');
    }
  });

  it('never throws, and returns only b64token tokens', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (value) => {
        const parsed = parseAuthorization(value);
        if (parsed.kind === 'bearer') {
          expect(parsed.token).toMatch(/^[A-Za-z0-9\-._~+/]+=*$/);
          expect(value.toLowerCase().startsWith('bearer ')).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9\-._~+/]+=*$/), (token) => {
        expect(parseAuthorization(`Bearer ${token}`)).toEqual({ kind: 'bearer', token });
      }),
      { numRuns: 300 },
    );
  });
});
