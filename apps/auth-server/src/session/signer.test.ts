import { describe, expect, it } from 'vitest';
import { createSigner, safeEqual } from './signer.js';

const secret = new Uint8Array(32).fill(1);

describe('createSigner', () => {
  it('round-trips and refuses any change to the value or the MAC', () => {
    const signer = createSigner(secret, 'session');
    const signed = signer.sign('hello');
    expect(signer.verify(signed)).toBe('hello');
    expect(signer.verify(`hellO${signed.slice(5)}`)).toBeUndefined();
    expect(
      signer.verify(`${signed.slice(0, -1)}${signed.endsWith('A') ? 'B' : 'A'}`),
    ).toBeUndefined();
    expect(signer.verify('hello')).toBeUndefined();
    expect(signer.verify('.abc')).toBeUndefined();
  });

  it('keeps purposes apart: a session value does not verify as form state', () => {
    const signed = createSigner(secret, 'session').sign('value');
    expect(createSigner(secret, 'authorize-form').verify(signed)).toBeUndefined();
  });

  it('refuses a short secret at construction', () => {
    expect(() => createSigner(new Uint8Array(16), 'x')).toThrow(TypeError);
  });

  it('safeEqual compares exactly', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('ab', 'abc')).toBe(false);
  });
});
