import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createDiscoveryCache,
  type DiscoverOptions,
  DiscoveryError,
  type DiscoveryErrorCode,
  discover,
  formatBearerChallenge,
} from './index.js';

const SERVER = 'https://mcp.example.com/public/mcp';
const ISSUER = 'https://auth.example.com/tenant1';
const PRM_PATH = 'https://mcp.example.com/.well-known/oauth-protected-resource/public/mcp';
const PRM_ROOT = 'https://mcp.example.com/.well-known/oauth-protected-resource';
const AS_OAUTH = 'https://auth.example.com/.well-known/oauth-authorization-server/tenant1';
const AS_OIDC_INSERTED = 'https://auth.example.com/.well-known/openid-configuration/tenant1';
const AS_OIDC_APPENDED = 'https://auth.example.com/tenant1/.well-known/openid-configuration';

const prm = { resource: SERVER, authorization_servers: [ISSUER], scopes_supported: ['mcp:tools'] };
const asm = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
};

type Route = (request: Request) => Response | Promise<Response>;

function json(body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A fetch over an in-memory route table that records every URL asked for. */
function fakeFetch(routes: Record<string, Route>): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    calls.push(request.url);
    expect(request.redirect).toBe('manual');
    expect(request.headers.get('accept')).toBe('application/json');
    const route = routes[request.url];
    return route ? route(request) : new Response('not found', { status: 404 });
  };
  return { fetch: fetchFn as typeof fetch, calls };
}

const standard = (): Record<string, Route> => ({
  [PRM_PATH]: () => json(prm),
  [AS_OAUTH]: () => json(asm),
});

async function rejection(promise: Promise<unknown>): Promise<DiscoveryErrorCode> {
  try {
    await promise;
  } catch (error) {
    if (DiscoveryError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error('expected a DiscoveryError');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('discover: the MCP client chain', () => {
  it('finds the PRM at the path-inserted URL and the AS at the RFC 8414 path-inserted URL', async () => {
    const { fetch, calls } = fakeFetch(standard());
    const result = await discover(SERVER, { fetch });
    expect(result.resource).toBe(SERVER);
    expect(result.protectedResource).toEqual({ ...prm });
    expect(result.authorizationServer).toEqual(asm);
    expect(calls).toEqual([PRM_PATH, AS_OAUTH]);
    expect(Object.isFrozen(result)).toBe(true);
  });

  it('falls back to the root PRM, then through the OIDC forms in order', async () => {
    const { fetch, calls } = fakeFetch({
      [PRM_ROOT]: () => json(prm),
      [AS_OIDC_APPENDED]: () => json(asm),
      [AS_OIDC_INSERTED]: () => new Response('gone', { status: 410 }),
    });
    await discover(SERVER, { fetch });
    expect(calls).toEqual([PRM_PATH, PRM_ROOT, AS_OAUTH, AS_OIDC_INSERTED, AS_OIDC_APPENDED]);
  });

  it('uses resource_metadata from the challenge first', async () => {
    const elsewhere = 'https://meta.example.com/prm.json';
    const { fetch, calls } = fakeFetch({
      [elsewhere]: () => json(prm),
      [AS_OAUTH]: () => json(asm),
    });
    const wwwAuthenticate = formatBearerChallenge({
      resourceMetadata: elsewhere,
      scope: 'mcp:tools',
    });
    const result = await discover(SERVER, { fetch, wwwAuthenticate });
    expect(calls).toEqual([elsewhere, AS_OAUTH]);
    expect(result.challenge?.scope).toEqual(['mcp:tools']);
  });

  it('falls back to the well-known URLs when the challenge is unreadable or its URL is absent', async () => {
    const { fetch, calls } = fakeFetch(standard());
    await discover(SERVER, { fetch, wwwAuthenticate: 'Bearer resource_metadata="unterminated' });
    expect(calls).toEqual([PRM_PATH, AS_OAUTH]);
    const missing = 'https://mcp.example.com/missing';
    const second = fakeFetch(standard());
    await discover(SERVER, {
      fetch: second.fetch,
      wwwAuthenticate: `Bearer resource_metadata="${missing}"`,
    });
    expect(second.calls).toEqual([missing, PRM_PATH, AS_OAUTH]);
  });

  it('accepts the same resource in another spelling, and a prefix only when allowed', async () => {
    const spelled = fakeFetch({
      [PRM_PATH]: () => json({ ...prm, resource: 'https://MCP.example.com/public/mcp/' }),
      [AS_OAUTH]: () => json(asm),
    });
    expect((await discover(SERVER, { fetch: spelled.fetch })).resource).toBe(
      'https://MCP.example.com/public/mcp/',
    );
    const routes = {
      [PRM_PATH]: () => json({ ...prm, resource: 'https://mcp.example.com/public' }),
      [AS_OAUTH]: () => json(asm),
    };
    expect(await rejection(discover(SERVER, { fetch: fakeFetch(routes).fetch }))).toBe(
      'ERR_DISCOVERY_RESOURCE_MISMATCH',
    );
    const allowed = await discover(SERVER, {
      fetch: fakeFetch(routes).fetch,
      allowResourcePrefix: true,
    });
    expect(allowed.resource).toBe('https://mcp.example.com/public');
  });

  it('selects another listed authorization server on request', async () => {
    const other = 'https://other.example.com';
    const { fetch, calls } = fakeFetch({
      [PRM_PATH]: () => json({ ...prm, authorization_servers: [ISSUER, other] }),
      [`${other}/.well-known/oauth-authorization-server`]: () =>
        json({
          ...asm,
          issuer: other,
          authorization_endpoint: `${other}/a`,
          token_endpoint: `${other}/t`,
        }),
    });
    const result = await discover(SERVER, {
      fetch,
      selectAuthorizationServer: (issuers) => issuers[1] ?? '',
    });
    expect(result.authorizationServer.issuer).toBe(other);
    expect(calls[1]).toBe(`${other}/.well-known/oauth-authorization-server`);
    await expect(
      discover(SERVER, { fetch, selectAuthorizationServer: () => 'https://evil.example' }),
    ).rejects.toThrow(TypeError);
  });
});

describe('discover: refusals (each attack and its code)', () => {
  it.each<[string, Record<string, Route>, DiscoveryErrorCode]>([
    [
      'a PRM for another resource (token audience confusion)',
      { [PRM_PATH]: () => json({ ...prm, resource: 'https://evil.example/mcp' }) },
      'ERR_DISCOVERY_RESOURCE_MISMATCH',
    ],
    [
      'a PRM without authorization servers',
      { [PRM_PATH]: () => json({ resource: SERVER }) },
      'ERR_DISCOVERY_NO_AUTHORIZATION_SERVER',
    ],
    [
      'AS metadata with another issuer (mix-up)',
      {
        [PRM_PATH]: () => json(prm),
        [AS_OAUTH]: () => json({ ...asm, issuer: 'https://evil.example' }),
      },
      'ERR_DISCOVERY_ISSUER_MISMATCH',
    ],
    [
      'an AS without S256',
      {
        [PRM_PATH]: () => json(prm),
        [AS_OAUTH]: () => json({ ...asm, code_challenge_methods_supported: undefined }),
      },
      'ERR_DISCOVERY_PKCE_S256_MISSING',
    ],
    [
      'an AS without response type code',
      {
        [PRM_PATH]: () => json(prm),
        [AS_OAUTH]: () => json({ ...asm, response_types_supported: ['token'] }),
      },
      'ERR_DISCOVERY_RESPONSE_TYPE_CODE_MISSING',
    ],
    [
      'an AS without a token endpoint',
      {
        [PRM_PATH]: () => json(prm),
        [AS_OAUTH]: () => json({ ...asm, token_endpoint: undefined }),
      },
      'ERR_DISCOVERY_FIELD_MISSING',
    ],
    ['no metadata anywhere', {}, 'ERR_DISCOVERY_NOT_FOUND'],
    [
      'a server error',
      { [PRM_PATH]: () => new Response('oops', { status: 500 }) },
      'ERR_DISCOVERY_FETCH_STATUS',
    ],
    [
      'HTML instead of JSON',
      { [PRM_PATH]: () => new Response('<html>', { headers: { 'content-type': 'text/html' } }) },
      'ERR_DISCOVERY_CONTENT_TYPE',
    ],
    [
      'JSON without a content type',
      { [PRM_PATH]: () => new Response(new Blob([JSON.stringify(prm)]).stream()) },
      'ERR_DISCOVERY_CONTENT_TYPE',
    ],
    [
      'a look-alike content type',
      { [PRM_PATH]: () => json(prm, { 'content-type': 'application/jsonp' }) },
      'ERR_DISCOVERY_CONTENT_TYPE',
    ],
    [
      'broken JSON',
      {
        [PRM_PATH]: () =>
          new Response('{"resource":', { headers: { 'content-type': 'application/json' } }),
      },
      'ERR_DISCOVERY_JSON_INVALID',
    ],
    [
      'bytes that are not UTF-8',
      {
        [PRM_PATH]: () =>
          new Response(new Uint8Array([0x7b, 0xff, 0x7d]), {
            headers: { 'content-type': 'application/json' },
          }),
      },
      'ERR_DISCOVERY_JSON_INVALID',
    ],
    [
      'a document larger than the cap (declared)',
      { [PRM_PATH]: () => json({ ...prm, pad: 'x'.repeat(70_000) }) },
      'ERR_DISCOVERY_RESPONSE_TOO_LARGE',
    ],
    [
      'a streamed document larger than the cap (no content-length)',
      {
        [PRM_PATH]: () => {
          let sent = 0;
          const stream = new ReadableStream<Uint8Array>({
            pull(controller) {
              sent += 1;
              if (sent > 100) controller.close();
              else controller.enqueue(new Uint8Array(4096).fill(0x20));
            },
          });
          return new Response(stream, { headers: { 'content-type': 'application/json' } });
        },
      },
      'ERR_DISCOVERY_RESPONSE_TOO_LARGE',
    ],
    [
      'a cross-origin redirect (SSRF)',
      {
        [PRM_PATH]: () =>
          new Response(null, {
            status: 302,
            headers: { location: 'https://169.254.169.254/latest' },
          }),
      },
      'ERR_DISCOVERY_REDIRECT_REFUSED',
    ],
    [
      'a redirect to http on the same host',
      {
        [PRM_PATH]: () =>
          new Response(null, { status: 301, headers: { location: 'http://mcp.example.com/prm' } }),
      },
      'ERR_DISCOVERY_REDIRECT_REFUSED',
    ],
    [
      'a redirect loop',
      {
        [PRM_PATH]: () => new Response(null, { status: 307, headers: { location: PRM_PATH } }),
      },
      'ERR_DISCOVERY_REDIRECT_REFUSED',
    ],
    [
      'a redirect without a location',
      { [PRM_PATH]: () => new Response(null, { status: 308 }) },
      'ERR_DISCOVERY_REDIRECT_REFUSED',
    ],
    [
      'an http authorization server issuer',
      { [PRM_PATH]: () => json({ ...prm, authorization_servers: ['http://auth.example.com'] }) },
      'ERR_DISCOVERY_URL_INSECURE',
    ],
  ])('%s', async (_name, routes, code) => {
    expect(await rejection(discover(SERVER, { fetch: fakeFetch(routes).fetch }))).toBe(code);
  });

  it('follows a same-origin redirect', async () => {
    const moved = 'https://mcp.example.com/metadata/prm.json';
    const { fetch, calls } = fakeFetch({
      [PRM_PATH]: () =>
        new Response(null, { status: 302, headers: { location: '/metadata/prm.json' } }),
      [moved]: () => json(prm),
      [AS_OAUTH]: () => json(asm),
    });
    await discover(SERVER, { fetch });
    expect(calls).toEqual([PRM_PATH, moved, AS_OAUTH]);
  });

  it('refuses an http challenge URL and an http server URL', async () => {
    const { fetch, calls } = fakeFetch(standard());
    expect(
      await rejection(
        discover(SERVER, {
          fetch,
          wwwAuthenticate: 'Bearer resource_metadata="http://mcp.example.com/p"',
        }),
      ),
    ).toBe('ERR_DISCOVERY_URL_INSECURE');
    expect(await rejection(discover('http://mcp.example.com/mcp', { fetch }))).toBe(
      'ERR_DISCOVERY_URL_INSECURE',
    );
    expect(calls).toEqual([]);
  });

  it('allows loopback http with the development option only', async () => {
    const local = 'http://127.0.0.1:3000/mcp';
    const { fetch } = fakeFetch({
      'http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp': () =>
        json({ resource: local, authorization_servers: ['http://127.0.0.1:4000'] }),
      'http://127.0.0.1:4000/.well-known/oauth-authorization-server': () =>
        json({
          ...asm,
          issuer: 'http://127.0.0.1:4000',
          authorization_endpoint: 'http://127.0.0.1:4000/a',
          token_endpoint: 'http://127.0.0.1:4000/t',
        }),
    });
    expect(await rejection(discover(local, { fetch }))).toBe('ERR_DISCOVERY_URL_INSECURE');
    expect((await discover(local, { fetch, allowLoopbackHttp: true })).resource).toBe(local);
  });

  it('asks the URL guard before every request, redirect hops included', async () => {
    const moved = 'https://mcp.example.com/moved';
    const { fetch, calls } = fakeFetch({
      [PRM_PATH]: () => new Response(null, { status: 302, headers: { location: moved } }),
      [moved]: () => json(prm),
      [AS_OAUTH]: () => json(asm),
    });
    const seen: string[] = [];
    const urlGuard = (url: URL): boolean => {
      seen.push(url.href);
      return url.pathname !== '/moved';
    };
    expect(await rejection(discover(SERVER, { fetch, urlGuard }))).toBe(
      'ERR_DISCOVERY_URL_REFUSED',
    );
    expect(seen).toEqual([PRM_PATH, moved]);
    expect(calls).toEqual([PRM_PATH]);
    const throwing = async (): Promise<boolean> => {
      throw new Error('private network');
    };
    expect(await rejection(discover(SERVER, { fetch, urlGuard: throwing }))).toBe(
      'ERR_DISCOVERY_URL_REFUSED',
    );
  });

  it('times out a server that never answers, even through a fetch that ignores its signal', async () => {
    const hanging = fakeFetch({ [PRM_PATH]: () => new Promise<Response>(() => undefined) });
    expect(await rejection(discover(SERVER, { fetch: hanging.fetch, timeoutMs: 5 }))).toBe(
      'ERR_DISCOVERY_FETCH_TIMEOUT',
    );
    const stalled = fakeFetch({
      [PRM_PATH]: () =>
        new Response(new ReadableStream({ pull: () => new Promise(() => undefined) }), {
          headers: { 'content-type': 'application/json' },
        }),
    });
    expect(await rejection(discover(SERVER, { fetch: stalled.fetch, timeoutMs: 5 }))).toBe(
      'ERR_DISCOVERY_FETCH_TIMEOUT',
    );
  });

  it('bounds a URL guard that never answers by the same timeout', async () => {
    const { fetch, calls } = fakeFetch(standard());
    const urlGuard = (): Promise<boolean> => new Promise<boolean>(() => undefined);
    expect(await rejection(discover(SERVER, { fetch, urlGuard, timeoutMs: 5 }))).toBe(
      'ERR_DISCOVERY_FETCH_TIMEOUT',
    );
    expect(calls).toEqual([]);
  });

  it('reports a network failure', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await rejection(discover(SERVER, { fetch: failing }))).toBe(
      'ERR_DISCOVERY_FETCH_FAILED',
    );
  });

  it('throws TypeError for bad options', async () => {
    const { fetch } = fakeFetch(standard());
    for (const options of [
      { fetch, timeoutMs: 0 },
      { fetch, maxBytes: -1 },
      { fetch, maxRedirects: 1.5 },
      { fetch, follow: true },
    ]) {
      await expect(discover(SERVER, options as DiscoverOptions)).rejects.toThrow(TypeError);
    }
  });
});

describe('discover: caching', () => {
  it('reuses documents for their max-age, bounded by maxCacheSeconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const { fetch, calls } = fakeFetch({
      [PRM_PATH]: () => json(prm, { 'cache-control': 'public, max-age=86400' }),
      [AS_OAUTH]: () => json(asm, { 'cache-control': 'max-age=60' }),
    });
    const cache = createDiscoveryCache();
    const options = { fetch, cache, maxCacheSeconds: 600 };
    await discover(SERVER, options);
    await discover(SERVER, options);
    expect(calls).toEqual([PRM_PATH, AS_OAUTH]);
    vi.setSystemTime(new Date('2026-01-01T00:01:01Z'));
    await discover(SERVER, options);
    expect(calls).toEqual([PRM_PATH, AS_OAUTH, AS_OAUTH]);
    vi.setSystemTime(new Date('2026-01-01T00:10:01Z'));
    await discover(SERVER, options);
    expect(calls).toEqual([PRM_PATH, AS_OAUTH, AS_OAUTH, PRM_PATH, AS_OAUTH]);
  });

  it('does not keep no-store, no-cache, header-less responses or failures', async () => {
    let failPrm = true;
    const { fetch, calls } = fakeFetch({
      [PRM_PATH]: () =>
        failPrm
          ? new Response('oops', { status: 503 })
          : json(prm, { 'cache-control': 'no-store, max-age=600' }),
      [AS_OAUTH]: () => json(asm, { 'cache-control': 'max-age=600, no-cache' }),
    });
    const cache = createDiscoveryCache();
    expect(await rejection(discover(SERVER, { fetch, cache }))).toBe('ERR_DISCOVERY_FETCH_STATUS');
    failPrm = false;
    await discover(SERVER, { fetch, cache });
    await discover(SERVER, { fetch, cache });
    expect(calls).toEqual([PRM_PATH, PRM_PATH, AS_OAUTH, PRM_PATH, AS_OAUTH]);
  });

  it.each([
    ['max-age="120"', true],
    ['public, MAX-AGE=120', true],
    ['max-age=120, max-age=60', false],
    ['max-age=abc', false],
    ['max-age=-1', false],
    ['max-age=0', false],
    ['private', false],
    ['s-maxage=120', false],
  ])('Cache-Control: %s -> reused: %s', async (header, reused) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { fetch, calls } = fakeFetch({
      [PRM_PATH]: () => json(prm, { 'cache-control': header }),
      [AS_OAUTH]: () => json(asm),
    });
    const cache = createDiscoveryCache();
    await discover(SERVER, { fetch, cache });
    await discover(SERVER, { fetch, cache });
    expect(calls.filter((url) => url === PRM_PATH)).toHaveLength(reused ? 1 : 2);
  });

  it('caches nothing with maxCacheSeconds 0', async () => {
    const { fetch, calls } = fakeFetch({
      [PRM_PATH]: () => json(prm, { 'cache-control': 'max-age=600' }),
      [AS_OAUTH]: () => json(asm, { 'cache-control': 'max-age=600' }),
    });
    const options = { fetch, cache: createDiscoveryCache(), maxCacheSeconds: 0 };
    await discover(SERVER, options);
    await discover(SERVER, options);
    expect(calls).toHaveLength(4);
  });

  it('validates cached documents again on every use', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = createDiscoveryCache();
    cache.set(PRM_PATH, {
      json: { ...prm, resource: 'https://evil.example/mcp' },
      expiresAt: Date.now() + 1000,
    });
    const { fetch } = fakeFetch(standard());
    expect(await rejection(discover(SERVER, { fetch, cache }))).toBe(
      'ERR_DISCOVERY_RESOURCE_MISMATCH',
    );
  });

  it('applies the URL rules and the URL guard to a cached document too', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = createDiscoveryCache();
    const { fetch, calls } = fakeFetch({
      [PRM_PATH]: () => json(prm, { 'cache-control': 'max-age=600' }),
      [AS_OAUTH]: () => json(asm, { 'cache-control': 'max-age=600' }),
    });
    await discover(SERVER, { fetch, cache });
    expect(calls).toHaveLength(2);
    const seen: string[] = [];
    const refuseAuth = (url: URL) => {
      seen.push(url.href);
      return url.hostname !== 'auth.example.com';
    };
    expect(await rejection(discover(SERVER, { fetch, cache, urlGuard: refuseAuth }))).toBe(
      'ERR_DISCOVERY_URL_REFUSED',
    );
    expect(seen).toEqual([PRM_PATH, AS_OAUTH]);
    expect(calls).toHaveLength(2); // nothing fetched: both refusals came from the cache path
    // a loopback http document cached by a development caller is not served to a strict one
    const local = 'http://127.0.0.1:9/mcp';
    cache.set('http://127.0.0.1:9/.well-known/oauth-protected-resource/mcp', {
      json: { ...prm, resource: local },
      expiresAt: Date.now() + 60_000,
    });
    expect(
      await rejection(
        discover('https://mcp.example.com/x', {
          fetch,
          cache,
          wwwAuthenticate:
            'Bearer resource_metadata="http://127.0.0.1:9/.well-known/oauth-protected-resource/mcp"',
        }),
      ),
    ).toBe('ERR_DISCOVERY_URL_INSECURE');
  });

  it('evicts the least recently used entry', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = createDiscoveryCache({ maxEntries: 2 });
    const entry = { json: {}, expiresAt: Date.now() + 1000 };
    cache.set('a', entry);
    cache.set('b', entry);
    cache.get('a');
    cache.set('c', entry);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([entry, undefined, entry]);
    expect(() => createDiscoveryCache({ maxEntries: 0 })).toThrow(TypeError);
  });
});
