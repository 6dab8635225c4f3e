import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  type SigningKey,
} from '@gatehouse/tokens';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFileDialect } from '../store/test-helpers.js';
import type { AuthStore } from '../store/types.js';
import { loadSigningKeys } from './signing-keys.js';

const ISSUER = 'https://auth.example.com';
const AUDIENCE = 'https://mcp.example.com/mcp';
const PUBLISH = 600;
const RETAIN = 3_900;

const dialect = sqliteFileDialect();
afterAll(() => dialect.cleanup());

function clock(start = Math.floor(Date.now() / 1000)) {
  let time = start;
  return {
    now: () => time,
    advance: (seconds: number) => {
      time += seconds;
      return time;
    },
  };
}

async function setup() {
  const store: AuthStore = await dialect.open();
  const time = clock();
  const open = () =>
    loadSigningKeys({
      store: store.signingKeys,
      publishSeconds: PUBLISH,
      retainSeconds: RETAIN,
      now: time.now,
    });
  return { store, time, open };
}

async function sign(keys: Awaited<ReturnType<typeof loadSigningKeys>>) {
  const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys: keys.current(), ttlSeconds: 300 });
  const { token } = await issuer.issue({
    subject: 'user-1',
    audience: AUDIENCE,
    clientId: 'client-1',
    scope: ['mcp:tools:read'],
  });
  return token;
}

async function verifies(keys: Awaited<ReturnType<typeof loadSigningKeys>>, token: string) {
  const verifier = createAccessTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['ES256'],
    jwks: keys.current().publicJwks(),
  });
  try {
    await verifier.verify(token);
    return true;
  } catch {
    return false;
  }
}

describe('signing keys', () => {
  it('creates and persists an ES256 key on first start, and loads the same one after a restart', async () => {
    const { store, open } = await setup();
    const first = await open();
    const kid = first.current().active.kid;
    expect(first.current().active.alg).toBe('ES256');
    const stored = await store.signingKeys.list();
    expect(stored.map((key) => key.kid)).toEqual([kid]);
    expect(typeof stored[0]?.privateJwk.d).toBe('string');
    const restarted = await open();
    expect(restarted.current().active.kid).toBe(kid);
    expect(
      restarted
        .current()
        .publicJwks()
        .keys.map((key) => key.kid),
    ).toEqual([kid]);
    expect(JSON.stringify(restarted.current().publicJwks())).not.toContain('"d"');
  });

  it('rotate publishes the next key at once and signs with it only after the publish window', async () => {
    const { time, open } = await setup();
    const keys = await open();
    const old = keys.current().active.kid;
    const start = time.now();
    const { kid, activatesAt } = await keys.rotate(start);
    expect(activatesAt).toBe(start + PUBLISH);
    expect(kid).not.toBe(old);
    expect(keys.current().active.kid).toBe(old);
    expect(
      keys
        .current()
        .publicJwks()
        .keys.map((key) => key.kid),
    ).toEqual([old, kid]);
    // published as a pending key of the KeySet: verifying, never signing, not "retired"
    expect(keys.current().pending.map((key) => key.kid)).toEqual([kid]);
    expect(keys.current().retired).toEqual([]);
    expect(await verifies(keys, await sign(keys))).toBe(true);
    // a JWK Set fetched now already accepts what the next key will sign
    const pendingKey = keys.current().pending[0] as SigningKey;
    const early = await createAccessTokenIssuer({
      issuer: ISSUER,
      keys: pendingKey as never,
    }).issue({
      subject: 'user-1',
      audience: AUDIENCE,
      clientId: 'client-1',
    });
    expect(await verifies(keys, early.token)).toBe(true);

    time.advance(PUBLISH - 1);
    expect(keys.current().active.kid).toBe(old);
    time.advance(1);
    // No refresh needed: the activation came due.
    expect(keys.current().active.kid).toBe(kid);
    expect(keys.current().pending).toEqual([]);
    expect(keys.current().find(old)?.kid).toBe(old);
  });

  it('a rotation by another process (the CLI) is seen after refresh', async () => {
    const { time, open } = await setup();
    const server = await open();
    const cli = await open();
    const { kid } = await cli.rotate(time.now());
    expect(server.current().find(kid)).toBeUndefined();
    await server.refresh(time.now());
    expect(
      server
        .current()
        .publicJwks()
        .keys.map((key) => key.kid),
    ).toContain(kid);
    expect(server.current().active.kid).not.toBe(kid);
  });

  it('the old key verifies its tokens until retired, then is dropped and purged by deleteExpired', async () => {
    const { store, time, open } = await setup();
    const keys = await open();
    const old = keys.current().active.kid;
    const oldToken = await sign(keys);
    const { kid, activatesAt } = await keys.rotate(time.now());
    const retiresAt = activatesAt + RETAIN;
    const stored = await store.signingKeys.list();
    expect(stored.find((key) => key.kid === old)?.retiresAt).toBe(retiresAt);

    time.advance(PUBLISH);
    const newToken = await sign(keys);
    expect(await verifies(keys, oldToken)).toBe(true);
    expect(await verifies(keys, newToken)).toBe(true);
    expect(keys.current().retired.map((entry) => entry.key.kid)).toEqual([old]);

    time.advance(retiresAt - 1 - time.now());
    expect(await verifies(keys, oldToken)).toBe(true);
    time.advance(1);
    expect(keys.current().find(old)).toBeUndefined();
    expect(await verifies(keys, oldToken)).toBe(false);
    expect(await verifies(keys, newToken)).toBe(true);
    expect(
      keys
        .current()
        .publicJwks()
        .keys.map((key) => key.kid),
    ).toEqual([kid]);

    expect(await store.deleteExpired(time.now())).toBe(1);
    expect((await store.signingKeys.list()).map((key) => key.kid)).toEqual([kid]);
    await keys.refresh(time.now());
    expect(keys.current().active.kid).toBe(kid);
  });

  it('two rotations in a row keep every key published until it retires', async () => {
    const { time, open } = await setup();
    const keys = await open();
    const a = keys.current().active.kid;
    const b = (await keys.rotate(time.now())).kid;
    time.advance(10);
    const c = (await keys.rotate(time.now())).kid;
    expect(keys.current().active.kid).toBe(a);
    expect(
      new Set(
        keys
          .current()
          .publicJwks()
          .keys.map((key) => key.kid),
      ),
    ).toEqual(new Set([a, b, c]));
    time.advance(PUBLISH);
    expect(keys.current().active.kid).toBe(c);
    expect(
      new Set(
        keys
          .current()
          .verificationKeys()
          .map((key) => key.kid),
      ),
    ).toEqual(new Set([a, b, c]));
  });

  it('refuses bad options at construction', async () => {
    const { store } = await setup();
    await expect(
      loadSigningKeys({ store: store.signingKeys, publishSeconds: -1, retainSeconds: 1 }),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(
      loadSigningKeys({
        store: store.signingKeys,
        publishSeconds: 1,
        retainSeconds: 1,
        extra: true,
      } as never),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
