import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createKeySet,
  createRemoteJwks,
  generateSigningKey,
  type KeySet,
  type RemoteJwks,
  type RemoteJwksOptions,
  TokenError,
} from './index.js';
import {
  ISSUER,
  RESOURCE,
  rejectionCode,
  startServer,
  type TestServer,
} from './testing/fixtures.js';

/** The AS side: a key set, its issuer, and a real JWKS endpoint on 127.0.0.1 whose behaviour a test can change. */
interface AuthServer {
  keys: KeySet;
  issue(): Promise<string>;
  server: TestServer;
  fetches: number;
  mode: 'ok' | 'error' | 'hang' | 'huge' | 'garbage' | 'redirect';
}

let as: AuthServer;
const hanging: ServerResponse[] = [];

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-06-01T00:00:00Z'));
  const keys = createKeySet({ active: await generateSigningKey() });
  const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys, ttlSeconds: 900 });
  const state = {
    keys,
    fetches: 0,
    mode: 'ok' as AuthServer['mode'],
    issue: async () =>
      (await issuer.issue({ subject: 'u', clientId: 'c', audience: RESOURCE, scope: 'a' })).token,
  };
  const server = await startServer((request, response) => {
    state.fetches++;
    if (state.mode === 'redirect' && request.url === '/jwks') {
      // the target serves the keys: following the redirect would "work"
      response.statusCode = 302;
      response.setHeader('location', '/elsewhere/jwks');
      response.end();
      return;
    }
    if (state.mode === 'hang') {
      hanging.push(response);
      return;
    }
    if (state.mode === 'error') {
      response.statusCode = 503;
      response.end('down');
      return;
    }
    response.setHeader('content-type', 'application/json');
    if (state.mode === 'huge') response.end(JSON.stringify({ keys: [], pad: 'x'.repeat(300_000) }));
    else if (state.mode === 'garbage') response.end('<html>');
    else response.end(JSON.stringify(state.keys.publicJwks()));
  });
  as = Object.assign(state, { server });
});

afterEach(async () => {
  for (const response of hanging.splice(0)) response.destroy();
  await as.server.close();
  vi.useRealTimers();
});

let jwks: RemoteJwks;

function verifierFor(options: Partial<RemoteJwksOptions> = {}) {
  jwks = createRemoteJwks({ uri: `${as.server.url}/jwks`, ...options });
  return createAccessTokenVerifier({
    issuer: ISSUER,
    audience: RESOURCE,
    algorithms: ['ES256', 'EdDSA'],
    jwks,
    cache: false,
  });
}

const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

describe('remote JWKS', () => {
  it('fetches once, and once for concurrent first requests', async () => {
    const verifier = verifierFor();
    const token = await as.issue();
    await Promise.all([verifier.verify(token), verifier.verify(token), verifier.verify(token)]);
    await verifier.verify(token);
    expect(as.fetches).toBe(1);
  });

  it('follows a key rotation at the AS mid-test: old tokens keep working, new ones are fetched for', async () => {
    const verifier = verifierFor();
    const before = await as.issue();
    await verifier.verify(before);
    advance(60);
    as.keys.rotate(await generateSigningKey({ alg: 'EdDSA' }), { retainSeconds: 900 });
    const after = await as.issue();
    expect((await verifier.verify(after)).subject).toBe('u');
    expect(as.fetches).toBe(2);
    expect((await verifier.verify(before)).subject).toBe('u');
    expect(as.fetches).toBe(2);
  });

  it('drops a key the AS stopped publishing once the set is refreshed', async () => {
    const verifier = verifierFor({ maxAgeSeconds: 60 });
    const old = await as.issue();
    await verifier.verify(old);
    const oldKid = as.keys.active.kid;
    as.keys.rotate(await generateSigningKey());
    as.keys.remove(oldKid);
    advance(61);
    await verifier.verify(old); // stale set served while it refreshes in the background
    await jwks.refresh(); // joins the background fetch
    expect(as.fetches).toBe(2);
    expect(await rejectionCode(verifier.verify(old))).toBe('ERR_TOKEN_KID_UNKNOWN');
  });

  it('refetches once for an unknown kid, and not again within the cooldown', async () => {
    const verifier = verifierFor({ cooldownSeconds: 30 });
    await verifier.verify(await as.issue());
    advance(31);
    const stranger = await generateSigningKey();
    const foreign = await createAccessTokenIssuer({
      issuer: ISSUER,
      keys: stranger,
    }).issue({ subject: 'u', clientId: 'c', audience: RESOURCE });
    expect(await rejectionCode(verifier.verify(foreign.token))).toBe('ERR_TOKEN_KID_UNKNOWN');
    expect(as.fetches).toBe(2);
    for (let i = 0; i < 5; i++) {
      expect(await rejectionCode(verifier.verify(foreign.token))).toBe('ERR_TOKEN_KID_UNKNOWN');
    }
    expect(as.fetches).toBe(2);
  });

  it('keeps using cached keys while the endpoint is down', async () => {
    const verifier = verifierFor({ maxAgeSeconds: 60 });
    const token = await as.issue();
    await verifier.verify(token);
    as.mode = 'error';
    advance(120);
    for (let i = 0; i < 3; i++) expect((await verifier.verify(token)).subject).toBe('u');
    await jwks.refresh(); // joins the background fetch
    expect(as.fetches).toBe(2);
    await as.server.close();
    advance(120);
    expect((await verifier.verify(token)).subject).toBe('u');
  });

  it('stops trusting keys it could not refresh for maxStaleSeconds (fails closed), then recovers', async () => {
    const verifier = verifierFor({ maxAgeSeconds: 60, maxStaleSeconds: 3600 });
    await verifier.verify(await as.issue());
    as.mode = 'error';
    advance(3000);
    // stale, within the bound (tokens are fresh: the AS still signs with the same key)
    expect((await verifier.verify(await as.issue())).subject).toBe('u');
    await jwks.refresh(); // joins the failing background fetch
    advance(601); // 3601 seconds since the last good fetch
    const error = await verifier.verify(await as.issue()).catch((e: unknown) => e);
    expect(TokenError.isInstance(error) && error.code).toBe('ERR_TOKEN_JWKS_UNAVAILABLE');
    expect(TokenError.isRejection(error)).toBe(false);
    expect(await jwks.refresh()).toBe(false); // within the retry delay: no keys to offer
    as.mode = 'ok';
    advance(5);
    expect((await verifier.verify(await as.issue())).subject).toBe('u');
  });

  it('does not follow a redirect (it could leave https): the set counts as unavailable', async () => {
    as.mode = 'redirect';
    const verifier = verifierFor();
    const error = await verifier.verify(await as.issue()).catch((e: unknown) => e);
    expect(TokenError.isInstance(error) && error.code).toBe('ERR_TOKEN_JWKS_UNAVAILABLE');
    expect(as.fetches).toBe(1);
  });

  it('fails closed when the endpoint never answered: a verifier failure, not a rejection', async () => {
    as.mode = 'error';
    const verifier = verifierFor();
    const token = await as.issue();
    const error = await verifier.verify(token).catch((e: unknown) => e);
    expect(TokenError.isInstance(error) && error.code).toBe('ERR_TOKEN_JWKS_UNAVAILABLE');
    expect(TokenError.isRejection(error)).toBe(false);
    expect(TokenError.isInstance(error) && [error.status, error.expose]).toEqual([500, false]);
  });

  it('retries a failed first fetch after 5 seconds, not on every request', async () => {
    as.mode = 'error';
    const verifier = verifierFor();
    const token = await as.issue();
    for (let i = 0; i < 3; i++) {
      expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_JWKS_UNAVAILABLE');
    }
    expect(as.fetches).toBe(1);
    as.mode = 'ok';
    advance(5);
    expect((await verifier.verify(token)).subject).toBe('u');
    expect(as.fetches).toBe(2);
  });

  it('times out a hanging endpoint', async () => {
    as.mode = 'hang';
    const verifier = verifierFor({ timeoutMs: 50 });
    expect(await rejectionCode(verifier.verify(await as.issue()))).toBe(
      'ERR_TOKEN_JWKS_UNAVAILABLE',
    );
  });

  it('refuses oversized and non-JSON key sets', async () => {
    for (const mode of ['huge', 'garbage'] as const) {
      as.mode = mode;
      const verifier = verifierFor();
      const error = await verifier.verify(await as.issue()).catch((e: unknown) => e);
      expect(TokenError.isInstance(error) && error.code).toBe('ERR_TOKEN_JWKS_UNAVAILABLE');
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
  });

  it('checks its options', () => {
    const uri = `${as.server.url}/jwks`;
    expect(() => createRemoteJwks({} as never)).toThrow(TypeError);
    expect(() => createRemoteJwks({ uri: 'http://auth.example.com/jwks' })).toThrow(TypeError);
    expect(() => createRemoteJwks({ uri: 'ftp://127.0.0.1/jwks' })).toThrow(TypeError);
    expect(() => createRemoteJwks({ uri, timeoutMs: -1 })).toThrow(TypeError);
    expect(() => createRemoteJwks({ uri, timeoutMs: 0 })).toThrow(TypeError);
    expect(() => createRemoteJwks({ uri, maxResponseBytes: 0 })).toThrow(TypeError);
    expect(() => createRemoteJwks({ uri, maxAgeSeconds: 600, maxStaleSeconds: 60 })).toThrow(
      TypeError,
    );
    expect(() => createRemoteJwks({ uri, cooldown: 1 } as never)).toThrow(TypeError);
    expect(createRemoteJwks({ uri: 'https://auth.example.com/jwks' }).uri).toBe(
      'https://auth.example.com/jwks',
    );
  });
});
