import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMemoryMetadataDocumentCache,
  createMetadataDocumentResolver,
  createRegistrationPolicy,
  MetadataDocumentError,
  type MetadataDocumentErrorCode,
  type PinnedFetch,
  type PinnedFetchRequest,
  type ResolveHost,
  type ResolveMetadataDocumentOptions,
  resolveClientIdMetadataDocument,
} from './index.js';
import { codeOf } from './test-helpers.js';

const CLIENT_ID = 'https://app.example/oauth/client.json';
const PUBLIC_IP = '93.184.215.14';
const START = Date.UTC(2026, 0, 1);
const policy = createRegistrationPolicy({ allowedScopes: ['mcp:tools:*'] });
const DOCUMENT = {
  client_id: CLIENT_ID,
  client_name: 'App',
  redirect_uris: ['https://app.example/cb'],
  token_endpoint_auth_method: 'none',
};

interface Stub {
  fetch: PinnedFetch;
  resolveHost: ResolveHost;
  requests: PinnedFetchRequest[];
  lookups: string[];
}

function stub(
  body: unknown = DOCUMENT,
  init: { status?: number; headers?: Record<string, string>; addresses?: string[] } = {},
): Stub {
  const requests: PinnedFetchRequest[] = [];
  const lookups: string[] = [];
  const bytes = new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    requests,
    lookups,
    resolveHost: async (host) => {
      lookups.push(host);
      return init.addresses ?? [PUBLIC_IP];
    },
    fetch: async (request) => {
      requests.push(request);
      return {
        status: init.status ?? 200,
        headers: new Headers({ 'content-type': 'application/json', ...init.headers }),
        body: bytes,
      };
    },
  };
}

function options(
  s: Stub,
  extra: Partial<ResolveMetadataDocumentOptions> = {},
): ResolveMetadataDocumentOptions {
  return { fetch: s.fetch, resolveHost: s.resolveHost, policy, ...extra };
}

describe('resolveClientIdMetadataDocument', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves, checks, and fetches pinned to the checked address with a 5 KB cap', async () => {
    const s = stub(DOCUMENT, { addresses: [PUBLIC_IP, '2606:4700:4700::1111'] });
    const resolved = await resolveClientIdMetadataDocument(CLIENT_ID, options(s));
    expect(resolved.clientId).toBe(CLIENT_ID);
    expect(resolved.metadata.client_name).toBe('App');
    expect(resolved.metadata.token_endpoint_auth_method).toBe('none');
    expect(resolved.warnings).toEqual([]);
    expect(s.lookups).toEqual(['app.example']);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({ url: CLIENT_ID, address: PUBLIC_IP, maxBytes: 5120 });
    expect(s.requests[0]?.timeoutMs).toBeLessThanOrEqual(3000);
  });

  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback v6', '::1'],
    ['private', '10.0.0.7'],
    ['private 172.16/12', '172.20.1.1'],
    ['private 192.168/16', '192.168.0.10'],
    ['link-local (cloud metadata)', '169.254.169.254'],
    ['CGNAT', '100.64.1.1'],
    ['multicast', '224.0.0.251'],
    ['broadcast', '255.255.255.255'],
    ['unspecified', '0.0.0.0'],
    ['documentation', '192.0.2.1'],
    ['benchmarking', '198.18.0.1'],
    ['reserved', '240.0.0.1'],
    ['IPv6 unique local', 'fd00::1'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 site-local', 'fec0::1'],
    ['IPv6 multicast', 'ff02::1'],
    ['IPv6 documentation', '2001:db8::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped private', '::ffff:192.168.1.1'],
    ['IPv4-compatible', '::127.0.0.1'],
    ['NAT64 of loopback', '64:ff9b::7f00:1'],
    ['6to4 of link-local', '2002:a9fe:a9fe::'],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['not an address', 'localhost'],
  ])('refuses a host that resolves to %s (%s), without connecting', async (_name, address) => {
    const s = stub(DOCUMENT, { addresses: [address] });
    expect(await codeOf(resolveClientIdMetadataDocument(CLIENT_ID, options(s)))).toBe(
      'ERR_CIMD_ADDRESS_BLOCKED',
    );
    expect(s.requests).toHaveLength(0);
  });

  it('checks every address: one private address among public ones is enough to refuse', async () => {
    const s = stub(DOCUMENT, { addresses: [PUBLIC_IP, '10.0.0.1'] });
    expect(await codeOf(resolveClientIdMetadataDocument(CLIENT_ID, options(s)))).toBe(
      'ERR_CIMD_ADDRESS_BLOCKED',
    );
    expect(s.requests).toHaveLength(0);
  });

  it('refuses IP-literal hosts in blocked ranges without a DNS lookup', async () => {
    for (const url of [
      'https://127.0.0.1/c.json',
      'https://[::1]/c.json',
      'https://10.1.2.3/c.json',
      'https://[fd00::1]/c.json',
    ]) {
      const s = stub({ ...DOCUMENT, client_id: url });
      expect(await codeOf(resolveClientIdMetadataDocument(url, options(s)))).toBe(
        'ERR_CIMD_ADDRESS_BLOCKED',
      );
      expect(s.lookups).toEqual([]);
    }
  });

  it('keeps network details out of what the client sees', async () => {
    const s = stub(DOCUMENT, { addresses: ['10.20.30.40'] });
    const error = await resolveClientIdMetadataDocument(CLIENT_ID, options(s)).catch(
      (e: unknown) => e,
    );
    expect(MetadataDocumentError.isInstance(error) && error.message).toContain('10.20.30.40');
    expect(MetadataDocumentError.isInstance(error) && error.description).not.toContain(
      '10.20.30.40',
    );
    expect(MetadataDocumentError.isInstance(error) && [error.oauthError, error.status]).toEqual([
      'invalid_client',
      400,
    ]);
  });

  it('exempts only the exact allow-listed origin (test mode)', async () => {
    const s = stub(DOCUMENT, { addresses: ['127.0.0.1'] });
    const allowed = { allowPrivateOrigins: ['https://app.example'] };
    expect((await resolveClientIdMetadataDocument(CLIENT_ID, options(s, allowed))).clientId).toBe(
      CLIENT_ID,
    );
    const other = 'https://app.example:8443/oauth/client.json';
    expect(
      await codeOf(
        resolveClientIdMetadataDocument(
          other,
          options(stub({ ...DOCUMENT, client_id: other }, { addresses: ['127.0.0.1'] }), allowed),
        ),
      ),
    ).toBe('ERR_CIMD_ADDRESS_BLOCKED');
    await expect(
      resolveClientIdMetadataDocument(
        CLIENT_ID,
        options(s, { allowPrivateOrigins: ['https://app.example/'] }),
      ),
    ).rejects.toThrow(TypeError);
    await expect(
      resolveClientIdMetadataDocument(
        CLIENT_ID,
        options(s, { allowPrivateOrigins: ['http://app.example'] }),
      ),
    ).rejects.toThrow(TypeError);
  });

  it('takes the allow-list as it was at creation: an entry pushed later is never exempt', async () => {
    const origins: string[] = [];
    const s = stub(DOCUMENT, { addresses: ['127.0.0.1'] });
    const resolve = createMetadataDocumentResolver(options(s, { allowPrivateOrigins: origins }));
    origins.push('https://app.example');
    expect(await codeOf(resolve(CLIENT_ID))).toBe('ERR_CIMD_ADDRESS_BLOCKED');
    expect(s.requests).toHaveLength(0);
  });

  it.each<
    [
      string,
      unknown,
      { status?: number; headers?: Record<string, string> },
      MetadataDocumentErrorCode,
    ]
  >([
    [
      'a redirect',
      DOCUMENT,
      { status: 302, headers: { location: 'https://169.254.169.254/' } },
      'ERR_CIMD_REDIRECT',
    ],
    ['a permanent redirect', DOCUMENT, { status: 308 }, 'ERR_CIMD_REDIRECT'],
    ['a 404', DOCUMENT, { status: 404 }, 'ERR_CIMD_STATUS'],
    ['a 204', '', { status: 204 }, 'ERR_CIMD_STATUS'],
    ['HTML', DOCUMENT, { headers: { 'content-type': 'text/html' } }, 'ERR_CIMD_CONTENT_TYPE'],
    ['invalid JSON', '{"client_id":', {}, 'ERR_CIMD_JSON'],
    ['a JSON array', [DOCUMENT], {}, 'ERR_CIMD_JSON'],
    [
      'a body over 5 KB from a fetch that ignores maxBytes',
      { ...DOCUMENT, pad: 'x'.repeat(6000) },
      {},
      'ERR_CIMD_TOO_LARGE',
    ],
    [
      'a mismatched client_id',
      { ...DOCUMENT, client_id: 'https://evil.example/oauth/client.json' },
      {},
      'ERR_CIMD_CLIENT_ID_MISMATCH',
    ],
    [
      'a client_id with a trailing slash',
      { ...DOCUMENT, client_id: `${CLIENT_ID}/` },
      {},
      'ERR_CIMD_CLIENT_ID_MISMATCH',
    ],
    [
      'a missing client_id',
      { ...DOCUMENT, client_id: undefined },
      {},
      'ERR_CIMD_CLIENT_ID_MISMATCH',
    ],
    ['a client_secret', { ...DOCUMENT, client_secret: 'shh' }, {}, 'ERR_CIMD_SECRET_PRESENT'],
    [
      'a client_secret_expires_at',
      { ...DOCUMENT, client_secret_expires_at: 0 },
      {},
      'ERR_CIMD_SECRET_PRESENT',
    ],
    [
      'client_secret_basic',
      { ...DOCUMENT, token_endpoint_auth_method: 'client_secret_basic' },
      {},
      'ERR_CIMD_AUTH_METHOD',
    ],
    [
      'client_secret_jwt',
      { ...DOCUMENT, token_endpoint_auth_method: 'client_secret_jwt' },
      {},
      'ERR_CIMD_AUTH_METHOD',
    ],
    ['no client_name', { ...DOCUMENT, client_name: undefined }, {}, 'ERR_CIMD_FIELD_MISSING'],
    ['no redirect_uris', { ...DOCUMENT, redirect_uris: undefined }, {}, 'ERR_CIMD_FIELD_MISSING'],
    [
      'an http redirect URI',
      { ...DOCUMENT, redirect_uris: ['http://evil.example/cb'] },
      {},
      'ERR_CIMD_METADATA_INVALID',
    ],
    [
      'private_key_jwt without the document’s keys',
      { ...DOCUMENT, token_endpoint_auth_method: 'private_key_jwt' },
      {},
      'ERR_CIMD_METADATA_INVALID',
    ],
    [
      'a scope beyond the policy',
      { ...DOCUMENT, scope: 'mcp:admin' },
      {},
      'ERR_CIMD_METADATA_INVALID',
    ],
  ])('refuses %s', async (_name, body, init, code) => {
    const s = stub(body, init);
    expect(await codeOf(resolveClientIdMetadataDocument(CLIENT_ID, options(s)))).toBe(code);
    expect(s.requests.length).toBeLessThanOrEqual(1);
  });

  it('warns when every redirect URI is loopback', async () => {
    const s = stub({
      ...DOCUMENT,
      redirect_uris: ['http://127.0.0.1/cb', 'http://localhost:3000/cb'],
    });
    const resolved = await resolveClientIdMetadataDocument(CLIENT_ID, options(s));
    expect(resolved.warnings).toEqual(['redirect_uris_loopback_only']);
    expect(resolved.metadata.application_type).toBe('native');
  });

  it('accepts private_key_jwt with the document’s own keys', async () => {
    const jwks = {
      keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }],
    };
    const s = stub({ ...DOCUMENT, token_endpoint_auth_method: 'private_key_jwt', jwks });
    expect((await resolveClientIdMetadataDocument(CLIENT_ID, options(s))).metadata.jwks).toEqual(
      jwks,
    );
  });

  it('refuses a DNS failure, an empty answer and a DNS lookup slower than the timeout', async () => {
    const failing: ResolveHost = async () => {
      throw new Error('ENOTFOUND');
    };
    const s = stub();
    expect(
      await codeOf(
        resolveClientIdMetadataDocument(CLIENT_ID, { ...options(s), resolveHost: failing }),
      ),
    ).toBe('ERR_CIMD_DNS_FAILED');
    expect(
      await codeOf(
        resolveClientIdMetadataDocument(CLIENT_ID, options(stub(DOCUMENT, { addresses: [] }))),
      ),
    ).toBe('ERR_CIMD_DNS_FAILED');
    vi.useFakeTimers();
    const hanging: ResolveHost = () => new Promise(() => {});
    const pending = codeOf(
      resolveClientIdMetadataDocument(CLIENT_ID, {
        ...options(s),
        resolveHost: hanging,
        timeoutMs: 500,
      }),
    );
    await vi.advanceTimersByTimeAsync(500);
    expect(await pending).toBe('ERR_CIMD_DNS_FAILED');
  });

  it('wraps a fetch failure that is not coded, and passes coded ones through', async () => {
    const s = stub();
    const broken: PinnedFetch = async () => {
      throw new Error('ECONNRESET');
    };
    expect(
      await codeOf(resolveClientIdMetadataDocument(CLIENT_ID, { ...options(s), fetch: broken })),
    ).toBe('ERR_CIMD_FETCH_FAILED');
    const slow: PinnedFetch = async () => {
      throw new MetadataDocumentError('ERR_CIMD_TIMEOUT', 'slow');
    };
    expect(
      await codeOf(resolveClientIdMetadataDocument(CLIENT_ID, { ...options(s), fetch: slow })),
    ).toBe('ERR_CIMD_TIMEOUT');
  });

  describe('caching', () => {
    it('reuses a document for its max-age, then fetches again', async () => {
      const s = stub(DOCUMENT, { headers: { 'cache-control': 'public, max-age=600' } });
      const cache = createMemoryMetadataDocumentCache();
      const first = await resolveClientIdMetadataDocument(CLIENT_ID, options(s, { cache }));
      expect(first.expiresAt - first.fetchedAt).toBe(600);
      vi.setSystemTime(START + 599_000);
      await resolveClientIdMetadataDocument(CLIENT_ID, options(s, { cache }));
      expect(s.requests).toHaveLength(1);
      vi.setSystemTime(START + 600_000);
      await resolveClientIdMetadataDocument(CLIENT_ID, options(s, { cache }));
      expect(s.requests).toHaveLength(2);
    });

    it.each([
      ['max-age=5 (raised to the floor)', 'max-age=5', 60],
      ['max-age of a year (lowered to the ceiling)', 'max-age=31536000', 86_400],
      ['no-store (the floor)', 'no-store', 60],
      ['no-cache (the floor)', 'no-cache, max-age=9000', 60],
      ['no header (the default)', undefined, 300],
      ['a garbled max-age (the default)', 'max-age=abc', 300],
    ])('keeps it within bounds: %s', async (_name, header, ttl) => {
      const s = stub(
        DOCUMENT,
        header === undefined ? {} : { headers: { 'cache-control': header } },
      );
      const resolved = await resolveClientIdMetadataDocument(
        CLIENT_ID,
        options(s, { cache: createMemoryMetadataDocumentCache() }),
      );
      expect(resolved.expiresAt - resolved.fetchedAt).toBe(ttl);
    });

    it('never caches a failure', async () => {
      const cache = createMemoryMetadataDocumentCache();
      const failing = stub(
        { ...DOCUMENT, client_secret: 'x' },
        { headers: { 'cache-control': 'max-age=3600' } },
      );
      expect(
        await codeOf(resolveClientIdMetadataDocument(CLIENT_ID, options(failing, { cache }))),
      ).toBe('ERR_CIMD_SECRET_PRESENT');
      const fixed = stub();
      await resolveClientIdMetadataDocument(CLIENT_ID, options(fixed, { cache }));
      expect(fixed.requests).toHaveLength(1);
      expect(await cache.get(CLIENT_ID)).toBeDefined();
    });

    it('evicts the oldest entry when full', async () => {
      const cache = createMemoryMetadataDocumentCache({ maxEntries: 2 });
      const entry = {
        clientId: 'x',
        metadata: DOCUMENT as never,
        warnings: [],
        fetchedAt: 0,
        expiresAt: 1,
      };
      cache.set('a', entry, 1);
      cache.set('b', entry, 1);
      cache.set('c', entry, 1);
      expect([cache.get('a'), cache.get('b') !== undefined, cache.get('c') !== undefined]).toEqual([
        undefined,
        true,
        true,
      ]);
      expect(() => createMemoryMetadataDocumentCache({ maxEntries: 0 })).toThrow(TypeError);
    });
  });

  it('checks the URL before any I/O, and the options as caller mistakes', async () => {
    const s = stub();
    expect(await codeOf(resolveClientIdMetadataDocument('http://app.example/c', options(s)))).toBe(
      'ERR_CIMD_URL_NOT_HTTPS',
    );
    expect(s.lookups).toEqual([]);
    await expect(
      resolveClientIdMetadataDocument(CLIENT_ID, { ...options(s), maxBytes: 1_000_000 }),
    ).rejects.toThrow(TypeError);
    await expect(
      resolveClientIdMetadataDocument(CLIENT_ID, { fetch: s.fetch } as never),
    ).rejects.toThrow(TypeError);
    await expect(
      resolveClientIdMetadataDocument(CLIENT_ID, { ...options(s), follow: true } as never),
    ).rejects.toThrow(TypeError);
  });
});

describe('createMetadataDocumentResolver', () => {
  it('checks options once, at creation, and resolves like the function', async () => {
    const s = stub();
    expect(() => createMetadataDocumentResolver({ ...options(s), timeoutMs: 0 })).toThrow(
      TypeError,
    );
    const resolve = createMetadataDocumentResolver(
      options(s, { cache: createMemoryMetadataDocumentCache() }),
    );
    expect((await resolve(CLIENT_ID)).clientId).toBe(CLIENT_ID);
    expect((await resolve(CLIENT_ID)).clientId).toBe(CLIENT_ID);
    expect(s.requests).toHaveLength(1);
    expect(await codeOf(resolve(7 as never))).toBe('ERR_CIMD_URL_INVALID');
    expect(await codeOf(resolve(`${CLIENT_ID}#x`))).toBe('ERR_CIMD_URL_FRAGMENT');
  });
});

describe('connecting to a host with several addresses', () => {
  const addresses = ['2606:4700:4700::1111', PUBLIC_IP, '8.8.8.8', '1.1.1.1'];

  function flaky(failWith: (address: string) => Error | undefined): Stub {
    const base = stub(DOCUMENT, { addresses });
    const inner = base.fetch;
    base.fetch = async (request) => {
      const error = failWith(request.address);
      if (error !== undefined) {
        base.requests.push(request);
        throw error;
      }
      return inner(request);
    };
    return base;
  }

  it('moves on to the next checked address when one cannot be reached', async () => {
    const s = flaky((address) => (address.includes(':') ? new Error('ENETUNREACH') : undefined));
    expect((await resolveClientIdMetadataDocument(CLIENT_ID, options(s))).clientId).toBe(CLIENT_ID);
    expect(s.requests.map((request) => request.address)).toEqual([
      '2606:4700:4700::1111',
      PUBLIC_IP,
    ]);
  });

  it('tries at most three addresses', async () => {
    const s = flaky(() => new MetadataDocumentError('ERR_CIMD_FETCH_FAILED', 'refused'));
    expect(await codeOf(resolveClientIdMetadataDocument(CLIENT_ID, options(s)))).toBe(
      'ERR_CIMD_FETCH_FAILED',
    );
    expect(s.requests).toHaveLength(3);
  });

  it('stops at a timeout or an oversized body instead of trying again', async () => {
    for (const code of ['ERR_CIMD_TIMEOUT', 'ERR_CIMD_TOO_LARGE'] as const) {
      const s = flaky(() => new MetadataDocumentError(code, 'stop'));
      expect(await codeOf(resolveClientIdMetadataDocument(CLIENT_ID, options(s)))).toBe(code);
      expect(s.requests).toHaveLength(1);
    }
  });
});

describe('resolver options', () => {
  it.each<[string, Partial<ResolveMetadataDocumentOptions>]>([
    ['a negative cache floor', { minCacheSeconds: -1 }],
    ['a floor above the ceiling', { minCacheSeconds: 100, maxCacheSeconds: 10 }],
    ['a fractional default lifetime', { defaultCacheSeconds: 1.5 }],
    ['a timeout of 0', { timeoutMs: 0 }],
    ['a timeout over 30 s', { timeoutMs: 60_000 }],
    ['a fetch that is not a function', { fetch: 'https' as never }],
    [
      'allowPrivateOrigins that is not an array',
      { allowPrivateOrigins: 'https://a.example' as never },
    ],
    ['an allow-list entry with a path', { allowPrivateOrigins: ['https://a.example/x'] }],
  ])('refuse %s with TypeError', (_name, extra) => {
    expect(() => createMetadataDocumentResolver(options(stub(), extra))).toThrow(TypeError);
  });
});
