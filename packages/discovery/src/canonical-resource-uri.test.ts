import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalResourceUri, DiscoveryError, isSameResource } from './index.js';

describe('canonicalResourceUri (RFC 8707)', () => {
  it.each([
    ['HTTPS://MCP.Example.COM/mcp', 'https://mcp.example.com/mcp'],
    ['https://mcp.example.com:443/mcp/', 'https://mcp.example.com/mcp'],
    ['https://mcp.example.com', 'https://mcp.example.com/'],
    ['https://mcp.example.com/', 'https://mcp.example.com/'],
    ['https://mcp.example.com//', 'https://mcp.example.com/'],
    ['https://mcp.example.com:8443/a/b//', 'https://mcp.example.com:8443/a/b'],
    ['https://mcp.example.com/Case/Kept', 'https://mcp.example.com/Case/Kept'],
    ['https://mcp.example.com/a%2fb/%7Euser/%41', 'https://mcp.example.com/a%2Fb/~user/A'],
    ['https://mcp.example.com/mcp/?tenant=%7e1', 'https://mcp.example.com/mcp?tenant=~1'],
    ['http://127.0.0.1:3000/mcp/', 'http://127.0.0.1:3000/mcp'],
    ['https://[::1]:8443/', 'https://[::1]:8443/'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalResourceUri(input)).toBe(expected);
    expect(canonicalResourceUri(new URL(input))).toBe(expected);
  });

  it('refuses relative URIs, fragments and userinfo', () => {
    for (const input of [
      '/mcp',
      'mcp.example.com',
      '',
      'https://mcp.example.com/mcp#frag',
      'https://mcp.example.com/mcp#',
      'https://user:pw@mcp.example.com/mcp',
      'https://user@mcp.example.com/mcp',
    ]) {
      let code: string | undefined;
      try {
        canonicalResourceUri(input);
      } catch (error) {
        if (DiscoveryError.isInstance(error)) code = error.code;
      }
      expect(code, input).toBe('ERR_DISCOVERY_RESOURCE_INVALID');
    }
  });

  it('throws TypeError for non-strings', () => {
    expect(() => canonicalResourceUri(42 as unknown as string)).toThrow(TypeError);
  });

  it('property: canonical forms are fixed points', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true }), (url) => {
        const once = canonicalResourceUri(url);
        expect(canonicalResourceUri(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isSameResource', () => {
  it('compares canonical forms', () => {
    expect(isSameResource('https://MCP.example.com/mcp/', 'https://mcp.example.com:443/mcp')).toBe(
      true,
    );
    expect(isSameResource('https://mcp.example.com', 'https://mcp.example.com/')).toBe(true);
    expect(isSameResource(new URL('https://a.example/x'), 'https://a.example/x')).toBe(true);
  });

  it('tells apart what the audience check must tell apart', () => {
    for (const [a, b] of [
      ['https://mcp.example.com/mcp', 'https://mcp.example.com/mcp2'],
      ['https://mcp.example.com/mcp', 'http://mcp.example.com/mcp'],
      ['https://mcp.example.com/mcp', 'https://mcp.example.com:8443/mcp'],
      ['https://mcp.example.com/mcp', 'https://evil.example.com/mcp'],
      ['https://mcp.example.com/mcp', 'https://mcp.example.com.evil.example/mcp'],
      ['https://mcp.example.com/MCP', 'https://mcp.example.com/mcp'],
      ['https://mcp.example.com/mcp', 'https://mcp.example.com/mcp?x=1'],
    ]) {
      expect(isSameResource(a, b), `${a} ${b}`).toBe(false);
    }
  });

  it('never throws, and invalid identifiers match nothing, not even themselves', () => {
    for (const value of ['/mcp', 'https://a.example/#x', null, undefined, 42, {}]) {
      expect(isSameResource(value, value)).toBe(false);
      expect(isSameResource(value, 'https://a.example/')).toBe(false);
    }
  });

  it('accepts a list on either side (a JWT aud): true when any element is the same resource', () => {
    const resource = 'https://mcp.example.com/mcp';
    expect(
      isSameResource(['https://other.example/api', 'https://MCP.example.com/mcp/'], resource),
    ).toBe(true);
    expect(isSameResource(resource, ['https://other.example/api', resource])).toBe(true);
    expect(isSameResource(['https://a.example/', resource], [new URL(resource)])).toBe(true);
    // a non-URI audience (an API name) matches nothing, the other elements still count
    expect(isSameResource(['my-api', resource], resource)).toBe(true);
    expect(isSameResource(['my-api'], 'my-api')).toBe(false);
  });

  it('a list never matches by accident: another resource, a prefix, empty, nested, or malformed', () => {
    const resource = 'https://mcp.example.com/mcp';
    for (const audience of [
      [],
      ['https://mcp.example.com'],
      ['https://mcp.example.com/mcp2', 'https://evil.example.com/mcp'],
      ['https://mcp.example.com/mcp#frag'],
      [[resource]],
      [resource, 42],
      [resource, null],
      [resource, { href: resource }],
      { 0: resource, length: 1 },
    ]) {
      expect(isSameResource(audience, resource), JSON.stringify(audience)).toBe(false);
      expect(isSameResource(resource, audience), JSON.stringify(audience)).toBe(false);
    }
  });
});
