import { describe, expect, it } from 'vitest';
import { type AuthorizationRequest, createFormStateCodec } from './form-state.js';

const secret = new Uint8Array(32).fill(5);
const request: AuthorizationRequest = {
  clientId: 'c',
  redirectUri: 'http://127.0.0.1/cb',
  resource: 'https://mcp.example/mcp',
  scopes: ['mcp:tools:x'],
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  state: 's',
};

describe('form state', () => {
  const codec = createFormStateCodec(secret, 600);

  it('opens what it sealed, for the same session and user, until it expires', () => {
    const sealed = codec.seal(request, { sid: 'sid-1', userId: 'u' }, 1000);
    expect(codec.open(sealed, { sid: 'sid-1', userId: 'u' }, 1599)).toEqual(request);
    expect(codec.open(sealed, { sid: 'sid-1', userId: 'u' }, 1600)).toBeUndefined();
    expect(codec.open(sealed, { sid: 'sid-2', userId: 'u' }, 1001)).toBeUndefined();
    expect(codec.open(sealed, { sid: 'sid-1', userId: 'v' }, 1001)).toBeUndefined();
    expect(codec.open(sealed, { sid: 'sid-1' }, 1001)).toBeUndefined();
  });

  it('refuses any change, another key, and junk', () => {
    const sealed = codec.seal(request, { sid: 'sid-1' }, 1000);
    const dot = sealed.lastIndexOf('.');
    const changed = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(sealed.slice(0, dot), 'base64url').toString()),
        exp: 9e9,
      }),
    ).toString('base64url');
    expect(codec.open(`${changed}${sealed.slice(dot)}`, { sid: 'sid-1' }, 1001)).toBeUndefined();
    expect(
      createFormStateCodec(new Uint8Array(32).fill(6)).open(sealed, { sid: 'sid-1' }, 1001),
    ).toBeUndefined();
    for (const junk of [undefined, 42, '', '.', 'x'.repeat(20_000)]) {
      expect(codec.open(junk, { sid: 'sid-1' }, 1001)).toBeUndefined();
    }
  });
});
