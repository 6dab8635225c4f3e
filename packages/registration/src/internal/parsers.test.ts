import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCacheControl } from './cache-control.js';
import { splitAuthority } from './uri-parts.js';

describe('parseCacheControl', () => {
  it('reads max-age, no-store and no-cache, case-insensitively, and ignores the rest', () => {
    expect(parseCacheControl('public, max-age=600')).toEqual({ noReuse: false, maxAge: 600 });
    expect(parseCacheControl('Max-Age="60"')).toEqual({ noReuse: false, maxAge: 60 });
    expect(parseCacheControl('NO-STORE')).toEqual({ noReuse: true, maxAge: undefined });
    expect(parseCacheControl('no-cache, max-age=5')).toEqual({ noReuse: true, maxAge: 5 });
    expect(parseCacheControl('max-age=-1')).toEqual({ noReuse: false, maxAge: undefined });
    expect(parseCacheControl('max-age=1e9')).toEqual({ noReuse: false, maxAge: undefined });
    expect(parseCacheControl(null)).toEqual({ noReuse: false, maxAge: undefined });
  });

  it('property: never throws and yields a non-negative integer max-age or none', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('max-age=', 'no-store', ',,', '=')),
        (header) => {
          const { noReuse, maxAge } = parseCacheControl(header);
          expect(typeof noReuse).toBe('boolean');
          if (maxAge !== undefined) expect(Number.isSafeInteger(maxAge) && maxAge >= 0).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('splitAuthority', () => {
  it('splits userinfo, host and port as written', () => {
    expect(splitAuthority('https://u:p@host.example:8443/x')).toEqual({
      userinfo: 'u:p',
      host: 'host.example',
      port: '8443',
    });
    expect(splitAuthority('http://[::1]:80/cb')).toEqual({
      userinfo: undefined,
      host: '[::1]',
      port: '80',
    });
    expect(splitAuthority('http://[::1]/cb')).toEqual({
      userinfo: undefined,
      host: '[::1]',
      port: undefined,
    });
    expect(splitAuthority('https://@host/')).toEqual({
      userinfo: '',
      host: 'host',
      port: undefined,
    });
    expect(splitAuthority('com.example.app:/cb')).toBeUndefined();
  });

  it('property: sees the host of the URL parser, and userinfo whenever the parser does', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const parts = splitAuthority(url);
        const parsed = new URL(url);
        // Whenever the URL parser sees userinfo, so does the raw split (the direction that matters).
        if (parsed.username !== '' || parsed.password !== '') expect(parts?.userinfo).toBeDefined();
        expect(parts?.host.toLowerCase()).toBe(parsed.hostname.toLowerCase());
      }),
      { numRuns: 300 },
    );
  });
});
