import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isClientIdMetadataDocumentUrl,
  MetadataDocumentError,
  type MetadataDocumentErrorCode,
  parseClientIdUrl,
} from './index.js';

function codeOf(value: unknown): MetadataDocumentErrorCode | undefined {
  try {
    parseClientIdUrl(value);
    return undefined;
  } catch (error) {
    if (MetadataDocumentError.isInstance(error)) return error.code;
    throw error;
  }
}

describe('parseClientIdUrl', () => {
  it('accepts canonical https URLs with a path', () => {
    expect(parseClientIdUrl('https://app.example/oauth/client.json').host).toBe('app.example');
    expect(parseClientIdUrl('https://app.example:8443/c?v=1').port).toBe('8443');
    expect(isClientIdMetadataDocumentUrl('https://app.example/c')).toBe(true);
    expect(isClientIdMetadataDocumentUrl('abc')).toBe(false);
    expect(isClientIdMetadataDocumentUrl(7)).toBe(false);
  });

  it.each([
    [undefined, 'ERR_CIMD_URL_INVALID'],
    ['not a url', 'ERR_CIMD_URL_INVALID'],
    [`https://app.example/${'a'.repeat(2000)}`, 'ERR_CIMD_URL_TOO_LONG'],
    ['http://app.example/client.json', 'ERR_CIMD_URL_NOT_HTTPS'],
    ['HTTPS://app.example/client.json', 'ERR_CIMD_URL_NOT_HTTPS'],
    ['https://app.example/client.json#x', 'ERR_CIMD_URL_FRAGMENT'],
    ['https://app.example/client.json#', 'ERR_CIMD_URL_FRAGMENT'],
    ['https://user@app.example/client.json', 'ERR_CIMD_URL_USERINFO'],
    ['https://user:pw@app.example/client.json', 'ERR_CIMD_URL_USERINFO'],
    ['https://app.example/a/../client.json', 'ERR_CIMD_URL_DOT_SEGMENT'],
    ['https://app.example/./client.json', 'ERR_CIMD_URL_DOT_SEGMENT'],
    ['https://app.example/a/%2e%2e/client.json', 'ERR_CIMD_URL_DOT_SEGMENT'],
    ['https://app.example/a/%2E/client.json', 'ERR_CIMD_URL_DOT_SEGMENT'],
    ['https://app.example/a/..', 'ERR_CIMD_URL_DOT_SEGMENT'],
    ['https://app.example/a\\..\\client.json', 'ERR_CIMD_URL_DOT_SEGMENT'],
    ['https://app.example', 'ERR_CIMD_URL_NO_PATH'],
    ['https://app.example/', 'ERR_CIMD_URL_NO_PATH'],
    ['https://app.example/?x=1', 'ERR_CIMD_URL_NO_PATH'],
    ['https://APP.example/client.json', 'ERR_CIMD_URL_NOT_CANONICAL'],
    ['https://app.example:443/client.json', 'ERR_CIMD_URL_NOT_CANONICAL'],
    ['https://app.example/client json', 'ERR_CIMD_URL_NOT_CANONICAL'],
    ['https://2130706433/client.json', 'ERR_CIMD_URL_NOT_CANONICAL'],
    ['https://[::ffff:127.0.0.1]/client.json', 'ERR_CIMD_URL_NOT_CANONICAL'],
  ])('refuses %s', (value, code) => {
    expect(codeOf(value)).toBe(code);
  });

  it('property: anything accepted is its own canonical https form with a real path', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()),
        (value) => {
          if (codeOf(value) !== undefined) return;
          const url = new URL(value);
          expect(url.href).toBe(value);
          expect(url.protocol).toBe('https:');
          expect(url.pathname).not.toBe('/');
          expect(url.username + url.password + url.hash).toBe('');
        },
      ),
      { numRuns: 300 },
    );
  });
});
