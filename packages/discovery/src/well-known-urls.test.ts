import { describe, expect, it } from 'vitest';
import {
  authorizationServerMetadataUrls,
  DiscoveryError,
  protectedResourceMetadataUrls,
} from './index.js';

describe('protectedResourceMetadataUrls (RFC 9728 3.1, MCP R2)', () => {
  it.each([
    [
      'https://h.example/public/mcp',
      [
        'https://h.example/.well-known/oauth-protected-resource/public/mcp',
        'https://h.example/.well-known/oauth-protected-resource',
      ],
    ],
    [
      'https://h.example/mcp/',
      [
        'https://h.example/.well-known/oauth-protected-resource/mcp',
        'https://h.example/.well-known/oauth-protected-resource',
      ],
    ],
    ['https://h.example', ['https://h.example/.well-known/oauth-protected-resource']],
    ['https://h.example/', ['https://h.example/.well-known/oauth-protected-resource']],
    [
      'https://H.Example:8443/mcp?tenant=1#frag',
      [
        'https://h.example:8443/.well-known/oauth-protected-resource/mcp?tenant=1',
        'https://h.example:8443/.well-known/oauth-protected-resource',
      ],
    ],
    [
      'http://127.0.0.1:3000/mcp',
      [
        'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp',
        'http://127.0.0.1:3000/.well-known/oauth-protected-resource',
      ],
    ],
  ])('%s', (resource, expected) => {
    expect(protectedResourceMetadataUrls(resource)).toEqual(expected);
    expect(protectedResourceMetadataUrls(new URL(resource))).toEqual(expected);
  });
});

describe('authorizationServerMetadataUrls (RFC 8414 3.1, MCP order)', () => {
  it.each([
    [
      'https://auth.example.com',
      [
        'https://auth.example.com/.well-known/oauth-authorization-server',
        'https://auth.example.com/.well-known/openid-configuration',
      ],
    ],
    [
      'https://auth.example.com/',
      [
        'https://auth.example.com/.well-known/oauth-authorization-server',
        'https://auth.example.com/.well-known/openid-configuration',
      ],
    ],
    [
      'https://auth.example.com/tenant1',
      [
        'https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
        'https://auth.example.com/.well-known/openid-configuration/tenant1',
        'https://auth.example.com/tenant1/.well-known/openid-configuration',
      ],
    ],
    [
      'https://auth.example.com/realms/a/b/',
      [
        'https://auth.example.com/.well-known/oauth-authorization-server/realms/a/b',
        'https://auth.example.com/.well-known/openid-configuration/realms/a/b',
        'https://auth.example.com/realms/a/b/.well-known/openid-configuration',
      ],
    ],
  ])('%s', (issuer, expected) => {
    expect(authorizationServerMetadataUrls(issuer)).toEqual(expected);
  });
});

describe('invalid input', () => {
  it('throws ERR_DISCOVERY_URL_INVALID for relative or opaque URLs', () => {
    for (const value of ['/mcp', '', 'mailto:a@example.com', 'urn:x:y']) {
      for (const build of [protectedResourceMetadataUrls, authorizationServerMetadataUrls]) {
        let code: string | undefined;
        try {
          build(value);
        } catch (error) {
          if (DiscoveryError.isInstance(error)) code = error.code;
        }
        expect(code, value).toBe('ERR_DISCOVERY_URL_INVALID');
      }
    }
  });
});
