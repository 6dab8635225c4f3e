import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  createKeySet,
  createRemoteJwks,
  generateSigningKey,
  type KeySet,
  type RemoteJwks,
  type SigningKey,
} from './index.js';
import {
  claims,
  ISSUER,
  RESOURCE,
  rejectionCode,
  sign,
  startServer,
  type TestServer,
} from './testing/fixtures.js';

// A verification cached under a key must not outlive the key: once the key set drops the key, or
// the AS stops publishing it, the next presentation of the token is checked again, and refused.

let signatureChecks: { mock: { calls: unknown[] } };
const checks = () => signatureChecks.mock.calls.length;
const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-07-01T00:00:00Z'));
  signatureChecks = vi.spyOn(crypto.subtle, 'verify');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function verifierOn(jwks: KeySet | RemoteJwks): AccessTokenVerifier {
  return createAccessTokenVerifier({
    issuer: ISSUER,
    audience: RESOURCE,
    algorithms: ['ES256', 'EdDSA'],
    jwks,
    cache: { maxAgeSeconds: 300 },
  });
}

describe('a KeySet key removed or expired invalidates the verifications cached under it', () => {
  let old: SigningKey;
  let keys: KeySet;
  beforeEach(async () => {
    old = await generateSigningKey();
    keys = createKeySet({ active: old });
    keys.rotate(await generateSigningKey({ alg: 'EdDSA' }), { retainSeconds: 3600 });
  });

  it('keys.remove(kid): the cached token is verified again and refused', async () => {
    const verifier = verifierOn(keys);
    const token = await sign(old, claims());
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first); // a cache hit
    expect(checks()).toBe(1);
    expect(keys.remove(old.kid)).toBe(true);
    expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_KID_UNKNOWN');
  });

  it('leaves the verifications cached under other keys alone', async () => {
    const verifier = verifierOn(keys);
    const current = await sign(keys.active, claims());
    const first = await verifier.verify(current);
    keys.remove(old.kid);
    expect(await verifier.verify(current)).toBe(first);
    expect(checks()).toBe(1);
  });

  it('a retired key whose retention ran out: the cached token is refused', async () => {
    keys.rotate(await generateSigningKey(), { retainSeconds: 60 });
    const retired = keys.retired[0]?.key as SigningKey;
    const verifier = verifierOn(keys);
    const token = await sign(retired, claims({ exp: Math.floor(Date.now() / 1000) + 600 }));
    await verifier.verify(token);
    advance(59);
    await verifier.verify(token);
    expect(checks()).toBe(1);
    advance(2);
    expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_KID_UNKNOWN');
  });
});

describe('a remote JWKS that stops publishing a kid invalidates it on its next refresh', () => {
  let server: TestServer;
  let keys: KeySet;
  let published: () => unknown;
  let fetches = 0;
  beforeEach(async () => {
    keys = createKeySet({ active: await generateSigningKey() });
    published = () => keys.publicJwks();
    fetches = 0;
    server = await startServer((_request, response) => {
      fetches++;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(published()));
    });
  });
  afterEach(() => server.close());

  const remote = (options: { cooldownSeconds?: number; maxStaleSeconds?: number } = {}) =>
    createRemoteJwks({ uri: `${server.url}/jwks`, maxAgeSeconds: 60, ...options });

  it('rotation at the AS: the withdrawn key is refused once a new kid makes the set refresh', async () => {
    const verifier = verifierOn(remote({ cooldownSeconds: 30 }));
    const old = keys.active;
    const oldToken = await sign(old, claims({ exp: Math.floor(Date.now() / 1000) + 900 }));
    const first = await verifier.verify(oldToken);
    advance(31);
    // the AS rotates and withdraws the old key at once (it was compromised)
    keys.rotate(await generateSigningKey({ alg: 'EdDSA' }));
    keys.remove(old.kid);
    expect(await verifier.verify(oldToken)).toBe(first); // not refreshed yet: still the cached result
    // a token under the new key: unknown kid, one refetch, and the set no longer has the old kid
    expect((await verifier.verify(await sign(keys.active, claims()))).subject).toBe('user-123');
    expect(fetches).toBe(2);
    expect(await rejectionCode(verifier.verify(oldToken))).toBe('ERR_TOKEN_KID_UNKNOWN');
  });

  it('a refresh that still publishes the key keeps its cached verifications', async () => {
    const jwks = remote({ cooldownSeconds: 0 });
    const verifier = verifierOn(jwks);
    const token = await sign(keys.active, claims());
    const first = await verifier.verify(token);
    await jwks.refresh();
    await jwks.refresh();
    expect(fetches).toBe(3);
    expect(await verifier.verify(token)).toBe(first);
    expect(checks()).toBe(1);
  });

  it('the same kid republished with another key: the cached token is checked against the new key', async () => {
    const jwks = remote({ cooldownSeconds: 0 });
    const verifier = verifierOn(jwks);
    const token = await sign(keys.active, claims());
    await verifier.verify(token);
    const other = await generateSigningKey();
    published = () => ({ keys: [{ ...other.publicJwk, kid: keys.active.kid }] });
    await jwks.refresh();
    expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_SIGNATURE_INVALID');
  });

  it('cached verifications stop with the set: not refreshed for maxStaleSeconds, they fail closed', async () => {
    const verifier = verifierOn(remote({ maxStaleSeconds: 120 }));
    const token = await sign(keys.active, claims({ exp: Math.floor(Date.now() / 1000) + 900 }));
    await verifier.verify(token);
    await server.close(); // the AS becomes unreachable
    advance(100);
    expect((await verifier.verify(token)).subject).toBe('user-123'); // within the bound
    advance(21);
    expect(await rejectionCode(verifier.verify(token))).toBe('ERR_TOKEN_JWKS_UNAVAILABLE');
  });
});
