import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  exportKeySet,
  generateSigningKey,
  importKeySet,
  type KeySet,
} from './index.js';
import { claims, ISSUER, RESOURCE, rejectionCode, sign } from './testing/fixtures.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

const kids = (keys: KeySet) => keys.publicJwks().keys.map((jwk) => jwk.kid);
const verifierOn = (jwks: Parameters<typeof createAccessTokenVerifier>[0]['jwks']) =>
  createAccessTokenVerifier({ issuer: ISSUER, audience: RESOURCE, algorithms: ['ES256'], jwks });

async function headerKid(keys: KeySet): Promise<string> {
  const { token } = await createAccessTokenIssuer({ issuer: ISSUER, keys }).issue({
    subject: 'user-1',
    clientId: 'client-1',
    audience: RESOURCE,
  });
  return JSON.parse(atob(token.split('.')[0] as string)).kid;
}

describe('KeySet pending keys: published and verifying before they sign', () => {
  it('publish: in the JWK Set and accepted at once, never used to sign', async () => {
    const [current, next] = [await generateSigningKey(), await generateSigningKey()];
    const keys = createKeySet({ active: current });
    keys.publish(next);
    expect(keys.active).toBe(current);
    expect(keys.pending).toEqual([next]);
    expect(kids(keys)).toEqual([current.kid, next.kid]);
    expect(keys.find(next.kid)).toBe(next);
    expect(await headerKid(keys)).toBe(current.kid);
    // a resource server that fetched the JWK Set now accepts the next key's tokens already
    const fetchedNow = keys.publicJwks();
    const tokenOfNext = await sign(next, claims());
    expect((await verifierOn(fetchedNow).verify(tokenOfNext)).subject).toBe('user-123');
    expect((await verifierOn(keys).verify(tokenOfNext)).subject).toBe('user-123');
  });

  it('promote: the oldest pending key (or the one named) signs; the previous one is retired', async () => {
    const [a, b, c] = [
      await generateSigningKey(),
      await generateSigningKey(),
      await generateSigningKey(),
    ];
    const keys = createKeySet({ active: a, retainSeconds: 600 });
    keys.publish(b);
    keys.publish(c);
    expect(keys.promote()).toBe(b);
    expect(keys.active).toBe(b);
    expect(keys.pending).toEqual([c]);
    expect(keys.retired).toEqual([{ key: a, until: Date.now() / 1000 + 600 }]);
    expect(await headerKid(keys)).toBe(b.kid);
    expect(keys.promote({ kid: c.kid, retainSeconds: 60 })).toBe(c);
    expect(keys.pending).toEqual([]);
    expect(keys.retired.map((entry) => [entry.key.kid, entry.until - Date.now() / 1000])).toEqual([
      [b.kid, 60],
      [a.kid, 600],
    ]);
    vi.setSystemTime(Date.now() + 61_000);
    expect(kids(keys)).toEqual([c.kid, a.kid]);
  });

  it('rotate to a pending key takes it out of pending; a retired key published again is pending only', async () => {
    const [a, b] = [await generateSigningKey(), await generateSigningKey()];
    const keys = createKeySet({ active: a });
    keys.publish(b);
    keys.rotate(b);
    expect(keys.pending).toEqual([]);
    expect(kids(keys)).toEqual([b.kid, a.kid]);
    keys.publish(a);
    expect(keys.retired).toEqual([]);
    expect(keys.pending).toEqual([a]);
    expect(kids(keys)).toEqual([b.kid, a.kid]);
  });

  it('remove(kid) withdraws a pending key at once, and what was verified under it', async () => {
    const [a, b] = [await generateSigningKey(), await generateSigningKey()];
    const keys = createKeySet({ active: a });
    keys.publish(b);
    const verifier = verifierOn(keys);
    const token = await sign(b, claims());
    await verifier.verify(token);
    expect(keys.remove(b.kid)).toBe(true);
    expect(keys.pending).toEqual([]);
    expect(kids(keys)).toEqual([a.kid]);
    expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_KID_UNKNOWN');
  });

  it('refuses caller mistakes with TypeError', async () => {
    const [a, b] = [await generateSigningKey(), await generateSigningKey()];
    const keys = createKeySet({ active: a });
    expect(() => keys.promote()).toThrow(TypeError);
    expect(() => keys.publish(a)).toThrow(TypeError);
    keys.publish(b);
    expect(() => keys.publish(b)).toThrow(TypeError);
    expect(() => keys.promote({ kid: 'unknown' })).toThrow(TypeError);
    expect(() => keys.promote(b.kid as never)).toThrow(TypeError); // not the oldest by mistake
    expect(() => keys.publish({} as never)).toThrow(TypeError);
    expect(() => keys.promote({ kid: b.kid, retainSeconds: -1 })).toThrow(TypeError);
    expect(keys.active).toBe(a);
    expect(() => createKeySet({ active: a, pending: [a] })).toThrow(TypeError);
    expect(() =>
      createKeySet({ active: a, pending: [b], retired: [{ key: b, until: 2e9 }] }),
    ).toThrow(TypeError);
    expect(() => createKeySet({ active: a, pending: b as never })).toThrow(TypeError);
    expect(() => createKeySet({ active: a, pending: [{}] as never })).toThrow(TypeError);
  });

  it('survives export and import; a set stored without pending keys still imports', async () => {
    const [a, b, c] = [
      await generateSigningKey(),
      await generateSigningKey(),
      await generateSigningKey(),
    ];
    const keys = createKeySet({ active: a, pending: [b] });
    keys.publish(c);
    const stored = JSON.parse(JSON.stringify(await exportKeySet(keys)));
    const restored = await importKeySet(stored);
    expect(restored.active.kid).toBe(a.kid);
    expect(restored.pending.map((key) => key.kid)).toEqual([b.kid, c.kid]);
    const { pending: _dropped, ...older } = stored;
    expect((await importKeySet(older)).pending).toEqual([]);
  });
});
