import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type RedirectUriOptions,
  RegistrationError,
  type RegistrationErrorCode,
  validateRedirectUri,
} from './index.js';

function codeOf(uri: unknown, options?: RedirectUriOptions): RegistrationErrorCode | undefined {
  try {
    validateRedirectUri(uri, options);
    return undefined;
  } catch (error) {
    if (RegistrationError.isInstance(error)) return error.code;
    throw error;
  }
}

describe('validateRedirectUri', () => {
  it('accepts https, loopback http and private-use schemes, and names their kind', () => {
    expect(validateRedirectUri('https://app.example/callback')).toBe('https');
    expect(validateRedirectUri('https://app.example:8443/cb?x=1')).toBe('https');
    expect(validateRedirectUri('http://127.0.0.1/cb')).toBe('loopback');
    expect(validateRedirectUri('http://127.0.0.1:51004/cb')).toBe('loopback');
    expect(validateRedirectUri('http://[::1]:8080/cb')).toBe('loopback');
    expect(validateRedirectUri('http://localhost:3000/callback')).toBe('loopback');
    expect(validateRedirectUri('com.example.app:/oauth2redirect')).toBe('private-use');
    expect(validateRedirectUri('com.example.app://callback')).toBe('private-use');
  });

  it('refuses each unsafe form with its own code, as invalid_redirect_uri', () => {
    const cases: Array<[unknown, RegistrationErrorCode]> = [
      [42, 'ERR_REGISTRATION_REDIRECT_URI_TYPE'],
      [null, 'ERR_REGISTRATION_REDIRECT_URI_TYPE'],
      [`https://app.example/${'a'.repeat(2000)}`, 'ERR_REGISTRATION_REDIRECT_URI_TOO_LONG'],
      ['https://app.example/cb#', 'ERR_REGISTRATION_REDIRECT_URI_FRAGMENT'],
      ['https://app.example/cb#frag', 'ERR_REGISTRATION_REDIRECT_URI_FRAGMENT'],
      ['javascript:alert(1)', 'ERR_REGISTRATION_REDIRECT_URI_DANGEROUS_SCHEME'],
      ['JavaScript:alert(1)', 'ERR_REGISTRATION_REDIRECT_URI_DANGEROUS_SCHEME'],
      ['data:text/html,hi', 'ERR_REGISTRATION_REDIRECT_URI_DANGEROUS_SCHEME'],
      ['file:///etc/passwd', 'ERR_REGISTRATION_REDIRECT_URI_DANGEROUS_SCHEME'],
      ['vbscript:msgbox', 'ERR_REGISTRATION_REDIRECT_URI_DANGEROUS_SCHEME'],
      ['blob:https://app.example/x', 'ERR_REGISTRATION_REDIRECT_URI_DANGEROUS_SCHEME'],
      ['http://app.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP'],
      ['http://127.0.0.2/cb', 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP'],
      ['http://2130706433/cb', 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP'],
      ['http://127.1/cb', 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP'],
      ['http://localhost.evil.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP'],
      ['https://user@app.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_USERINFO'],
      ['https://user:pw@app.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_USERINFO'],
      ['https://@app.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_USERINFO'],
      ['http://127.0.0.1@evil.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_USERINFO'],
      ['https://*.app.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_WILDCARD'],
      ['https://app.example/*', 'ERR_REGISTRATION_REDIRECT_URI_WILDCARD'],
      ['/callback', 'ERR_REGISTRATION_REDIRECT_URI_RELATIVE'],
      ['//app.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_RELATIVE'],
      ['', 'ERR_REGISTRATION_REDIRECT_URI_RELATIVE'],
      ['callback', 'ERR_REGISTRATION_REDIRECT_URI_RELATIVE'],
      ['https://app.example/c b', 'ERR_REGISTRATION_REDIRECT_URI_CHARSET'],
      ['https://app.example/cb\n', 'ERR_REGISTRATION_REDIRECT_URI_CHARSET'],
      ['https://evil.example\\@app.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_CHARSET'],
      ['https://app.exämple/cb', 'ERR_REGISTRATION_REDIRECT_URI_CHARSET'],
      ['https://app.example/cb\u0000', 'ERR_REGISTRATION_REDIRECT_URI_CHARSET'],
      ['HTTPS://app.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_SCHEME'],
      ['myapp:/callback', 'ERR_REGISTRATION_REDIRECT_URI_SCHEME'],
      ['https://', 'ERR_REGISTRATION_REDIRECT_URI_MALFORMED'],
      ['https://[::1/cb', 'ERR_REGISTRATION_REDIRECT_URI_MALFORMED'],
    ];
    for (const [uri, code] of cases) {
      expect([uri, codeOf(uri)]).toEqual([uri, code]);
    }
    try {
      validateRedirectUri('http://app.example/cb');
    } catch (error) {
      expect(RegistrationError.isInstance(error) && error.oauthError).toBe('invalid_redirect_uri');
      expect(RegistrationError.isInstance(error) && error.status).toBe(400);
    }
  });

  it('finds the authority only right after `scheme://`, never in the path or query', () => {
    // WHATWG URL parsers read `http:evil.example/...` as http://evil.example/...: the `://` in the
    // query must not make it look like a loopback (or any) authority.
    const cases: Array<[string, RegistrationErrorCode]> = [
      ['http:evil.example/?a=://127.0.0.1', 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP'],
      ['http:evil.example/cb?x=http://[::1]/', 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP'],
      ['http:/evil.example/?r=http://localhost/', 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP'],
      ['https:evil.example/cb?x=://app.example', 'ERR_REGISTRATION_REDIRECT_URI_MALFORMED'],
      ['https:/evil.example/cb', 'ERR_REGISTRATION_REDIRECT_URI_MALFORMED'],
    ];
    for (const [uri, code] of cases) {
      expect([uri, codeOf(uri)]).toEqual([uri, code]);
      expect([uri, codeOf(uri, { applicationType: 'native' })]).toEqual([uri, code]);
    }
    // a private-use URI whose query holds a URL is not mistaken for one with userinfo
    expect(validateRedirectUri('com.example.app:/cb?from=https://a@b.example/')).toBe(
      'private-use',
    );
  });

  it('applies application_type: web is https only, native is loopback or private-use', () => {
    const web = { applicationType: 'web' } as const;
    const native = { applicationType: 'native' } as const;
    expect(validateRedirectUri('https://app.example/cb', web)).toBe('https');
    expect(codeOf('http://127.0.0.1/cb', web)).toBe(
      'ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE',
    );
    expect(codeOf('com.example.app:/cb', web)).toBe(
      'ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE',
    );
    expect(validateRedirectUri('http://[::1]/cb', native)).toBe('loopback');
    expect(validateRedirectUri('com.example.app:/cb', native)).toBe('private-use');
    expect(codeOf('https://app.example/cb', native)).toBe(
      'ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE',
    );
  });

  it('treats localhost as loopback only when allowed', () => {
    expect(codeOf('http://localhost/cb', { allowLocalhost: false })).toBe(
      'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP',
    );
  });

  it('property: any input either passes with a kind or throws a coded error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl({ withFragments: true, withQueryParameters: true }),
          fc.string(),
          fc.anything(),
        ),
        (uri) => {
          let outcome: unknown;
          try {
            outcome = validateRedirectUri(uri);
          } catch (error) {
            outcome = RegistrationError.isInstance(error) ? 'coded' : error;
          }
          expect(['https', 'loopback', 'private-use', 'coded']).toContain(outcome);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: every valid https URL without fragment or userinfo is accepted', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['https'], withQueryParameters: true }), (url) => {
        fc.pre(!url.includes('@') && !url.includes('*') && !url.includes('#'));
        expect(validateRedirectUri(url)).toBe('https');
      }),
      { numRuns: 200 },
    );
  });
});
