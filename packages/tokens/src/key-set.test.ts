import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeySet, exportKeySet, generateSigningKey, importKeySet } from './index.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('KeySet', () => {
  it('publishes the active key', async () => {
    const key = await generateSigningKey();
    const keys = createKeySet({ active: key });
    expect(keys.active).toBe(key);
    expect(keys.publicJwks()).toEqual({ keys: [key.publicJwk] });
    expect(keys.find(key.kid)).toBe(key);
    expect(keys.find('other')).toBeUndefined();
  });

  it('keeps a rotated-out key for verification until its retention ends', async () => {
    const first = await generateSigningKey();
    const second = await generateSigningKey({ alg: 'EdDSA' });
    const keys = createKeySet({ active: first });
    keys.rotate(second, { retainSeconds: 600 });
    expect(keys.active).toBe(second);
    expect(keys.find(first.kid)).toBe(first);
    expect(keys.publicJwks().keys.map((jwk) => jwk.kid)).toEqual([second.kid, first.kid]);
    vi.setSystemTime(Date.now() + 599_000);
    expect(keys.find(first.kid)).toBe(first);
    vi.setSystemTime(Date.now() + 1_000);
    expect(keys.find(first.kid)).toBeUndefined();
    expect(keys.publicJwks().keys.map((jwk) => jwk.kid)).toEqual([second.kid]);
  });

  it('removes a retired key at once (compromise), never the active one', async () => {
    const first = await generateSigningKey();
    const second = await generateSigningKey();
    const keys = createKeySet({ active: first });
    keys.rotate(second);
    expect(keys.remove(first.kid)).toBe(true);
    expect(keys.find(first.kid)).toBeUndefined();
    expect(keys.remove(second.kid)).toBe(false);
    expect(keys.active).toBe(second);
  });

  it('refuses bad input as caller mistakes', async () => {
    const key = await generateSigningKey();
    expect(() => createKeySet({ active: {} as never })).toThrow(TypeError);
    expect(() => createKeySet({ active: key, retainSeconds: -1 })).toThrow(TypeError);
    const keys = createKeySet({ active: key });
    expect(() => keys.rotate(key)).toThrow(TypeError);
    expect(() => keys.rotate({} as never)).toThrow(TypeError);
  });

  it('survives export and import, dropping retired keys past their time', async () => {
    const first = await generateSigningKey();
    const second = await generateSigningKey();
    const third = await generateSigningKey();
    const keys = createKeySet({ active: first });
    keys.rotate(second, { retainSeconds: 60 });
    keys.rotate(third, { retainSeconds: 3600 });
    const stored = JSON.parse(JSON.stringify(await exportKeySet(keys)));
    vi.setSystemTime(Date.now() + 120_000);
    const restored = await importKeySet(stored);
    expect(restored.active.kid).toBe(third.kid);
    expect(restored.retired.map((entry) => entry.key.kid)).toEqual([second.kid]);
  });
});
