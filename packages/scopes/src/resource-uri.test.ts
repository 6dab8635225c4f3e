import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalUri, requireCanonicalUri } from './index.js';
import { thrownCode } from './test-helpers.js';

describe('requireCanonicalUri', () => {
  it('passes canonical URIs through unchanged, hierarchical or not', () => {
    for (const uri of [
      'https://example.com/public/a.md',
      'https://example.com/public/..%2Fcustomer-data%2F42',
      'https://example.com:8443/x?q=1#f',
      'file:///srv/docs/a.md',
      'customer-data://acme/42',
      'urn:example:customer:42',
      'mcp://server/path%20with%20space',
    ]) {
      expect(requireCanonicalUri(uri)).toBe(uri);
      expect(isCanonicalUri(uri)).toBe(true);
    }
  });

  it('refuses every spelling the URL parser rewrites', () => {
    for (const uri of [
      'https://example.com/public/../customer-data/42',
      'https://example.com/public/%2e%2e/customer-data/42',
      'https://example.com/public/.%2E/customer-data/42',
      'https://example.com/public/./a',
      'https://example.com/public\\a',
      'https://EXAMPLE.com/a',
      'HTTPS://example.com/a',
      'https://example.com:443/a',
      'http://example.com:80/a',
      'https://example.com',
      'https://example.com/a b',
      'https://example.com/\u00e9',
      ' https://example.com/a',
      'https://example.com/a\n',
      'https://user:pass@example.com:0443/a',
      'file:///srv/docs/../../etc/passwd',
      'customer-data://acme/x/../42',
      'https://example.com/%7Euser/../a',
    ]) {
      expect(
        thrownCode(() => requireCanonicalUri(uri)),
        uri,
      ).toBe('ERR_SCOPE_URI_NOT_CANONICAL');
      expect(isCanonicalUri(uri), uri).toBe(false);
    }
  });

  it('refuses values that are not absolute URLs', () => {
    for (const uri of [
      '',
      'relative/path',
      '/absolute/path',
      '//example.com/a',
      'http://',
      42,
      null,
    ]) {
      expect(
        thrownCode(() => requireCanonicalUri(uri)),
        String(uri),
      ).toBe('ERR_SCOPE_URI_INVALID');
      expect(isCanonicalUri(uri)).toBe(false);
    }
  });

  it('property: whatever it accepts is exactly what new URL() serializes', () => {
    const pieces = fc.constantFrom(
      'a',
      '.',
      '..',
      '%2e',
      '%2E',
      '\\',
      '/',
      '%2F',
      'B',
      ':443',
      '@',
      '?',
      '#',
    );
    const uris = fc
      .tuple(
        fc.constantFrom('https://example.com', 'HTTPS://Example.com', 'file://', 'x-mcp://h'),
        fc.array(pieces, { maxLength: 8 }),
      )
      .map(([origin, path]) => `${origin}/${path.join('')}`);
    fc.assert(
      fc.property(fc.oneof(uris, fc.string()), (uri) => {
        let accepted: string | undefined;
        try {
          accepted = requireCanonicalUri(uri);
        } catch (error) {
          expect(['ERR_SCOPE_URI_INVALID', 'ERR_SCOPE_URI_NOT_CANONICAL']).toContain(
            (error as { code?: string }).code,
          );
        }
        if (accepted !== undefined) expect(new URL(uri).href).toBe(uri);
        expect(isCanonicalUri(uri)).toBe(accepted !== undefined);
      }),
      { numRuns: 2000 },
    );
  });
});
