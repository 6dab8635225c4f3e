import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRedirectUri } from './index.js';

const REGISTERED = 'https://app.example/oauth/callback';

describe('matchRedirectUri', () => {
  it('matches the exact registered string', () => {
    expect(matchRedirectUri([REGISTERED], REGISTERED)).toBe(true);
    expect(matchRedirectUri(REGISTERED, REGISTERED)).toBe(true);
    expect(matchRedirectUri(['https://other.example/cb', REGISTERED], REGISTERED)).toBe(true);
    expect(matchRedirectUri(['https://app.example/cb?a=1'], 'https://app.example/cb?a=1')).toBe(
      true,
    );
  });

  it.each([
    ['trailing slash added', `${REGISTERED}/`],
    ['trailing slash removed', 'https://app.example/oauth/callback'.slice(0, -1)],
    ['host case change', 'https://APP.example/oauth/callback'],
    ['scheme case change', 'HTTPS://app.example/oauth/callback'],
    ['path case change', 'https://app.example/OAuth/callback'],
    ['extra query', `${REGISTERED}?next=https://evil.example`],
    ['empty query', `${REGISTERED}?`],
    ['fragment', `${REGISTERED}#x`],
    ['empty fragment', `${REGISTERED}#`],
    ['userinfo in front', 'https://app.example@evil.example/oauth/callback'],
    ['userinfo of the real host', 'https://evil@app.example/oauth/callback'],
    ['other port', 'https://app.example:8443/oauth/callback'],
    ['explicit default port', 'https://app.example:443/oauth/callback'],
    ['http downgrade', 'http://app.example/oauth/callback'],
    ['subdomain', 'https://evil.app.example/oauth/callback'],
    ['suffix domain', 'https://app.example.evil.example/oauth/callback'],
    ['path suffix', `${REGISTERED}/../../evil`],
    ['dot segments', 'https://app.example/oauth/x/../callback'],
    ['percent-encoded path', 'https://app.example/oauth/%63allback'],
    ['encoded slash', 'https://app.example%2Foauth/callback'],
    ['backslash', 'https://app.example\\@evil.example/oauth/callback'],
    ['trailing dot host', 'https://app.example./oauth/callback'],
    ['trailing whitespace', `${REGISTERED} `],
    ['leading whitespace', ` ${REGISTERED}`],
    ['null byte', `${REGISTERED}%00`],
    ['unicode lookalike host', 'https://аpp.example/oauth/callback'],
    ['punycode host', 'https://xn--pp-7cd.example/oauth/callback'],
    ['prefix only', 'https://app.example/oauth'],
    ['not a string', undefined],
  ])('refuses %s', (_name, requested) => {
    expect(matchRedirectUri([REGISTERED], requested)).toBe(false);
  });

  it('allows any port for 127.0.0.1 and [::1] loopback (RFC 8252 7.3), everything else exact', () => {
    const v4 = 'http://127.0.0.1/callback';
    const v6 = 'http://[::1]:8080/callback';
    expect(matchRedirectUri([v4], 'http://127.0.0.1:51234/callback')).toBe(true);
    expect(matchRedirectUri([v4], 'http://127.0.0.1:1/callback')).toBe(true);
    expect(matchRedirectUri([v4], 'http://127.0.0.1:65535/callback')).toBe(true);
    expect(matchRedirectUri(['http://127.0.0.1:3000/cb'], 'http://127.0.0.1/cb')).toBe(true);
    expect(matchRedirectUri([v6], 'http://[::1]:9999/callback')).toBe(true);
    expect(matchRedirectUri(['http://127.0.0.1:3000'], 'http://127.0.0.1:4000')).toBe(true);
  });

  it.each([
    ['another path', 'http://127.0.0.1:5000/other'],
    ['trailing slash', 'http://127.0.0.1:5000/callback/'],
    ['extra query', 'http://127.0.0.1:5000/callback?x=1'],
    ['other loopback family', 'http://[::1]:5000/callback'],
    ['other loopback address', 'http://127.0.0.2:5000/callback'],
    ['localhost', 'http://localhost:5000/callback'],
    ['https', 'https://127.0.0.1:5000/callback'],
    ['port out of range', 'http://127.0.0.1:65536/callback'],
    ['port zero', 'http://127.0.0.1:0/callback'],
    ['leading-zero port', 'http://127.0.0.1:05000/callback'],
    ['empty port', 'http://127.0.0.1:/callback'],
    ['userinfo after port', 'http://127.0.0.1:5000@evil.example/callback'],
    ['host suffix after port', 'http://127.0.0.1:5000.evil.example/callback'],
    ['decimal IPv4', 'http://2130706433:5000/callback'],
    ['expanded IPv6', 'http://[0:0:0:0:0:0:0:1]:5000/callback'],
    ['fragment', 'http://127.0.0.1:5000/callback#x'],
    ['case change', 'HTTP://127.0.0.1:5000/callback'],
  ])('for a loopback registration, refuses %s', (_name, requested) => {
    expect(matchRedirectUri(['http://127.0.0.1/callback'], requested)).toBe(false);
  });

  it('gives localhost no any-port exception', () => {
    expect(matchRedirectUri(['http://localhost:3000/cb'], 'http://localhost:3000/cb')).toBe(true);
    expect(matchRedirectUri(['http://localhost:3000/cb'], 'http://localhost:3001/cb')).toBe(false);
  });

  it('property: a request other than a registered string never matches a non-loopback registration', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['https'] }), fc.string(), (registered, requested) => {
        expect(matchRedirectUri([registered], requested)).toBe(requested === registered);
        expect(matchRedirectUri([registered], registered)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a loopback registration matches exactly its path on every port', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.webPath(),
        fc.string(),
        (port, path, other) => {
          const registered = `http://127.0.0.1${path}`;
          expect(matchRedirectUri([registered], `http://127.0.0.1:${port}${path}`)).toBe(true);
          fc.pre(other !== path && !/^[0-9]/.test(other));
          expect(matchRedirectUri([registered], `http://127.0.0.1:${port}${other}`)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
