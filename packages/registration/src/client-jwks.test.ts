import { describe, expect, it } from 'vitest';
import {
  type ClientJwksFetchOptions,
  createClientJwksFetcher,
  fetchClientJwks,
  MetadataDocumentError,
  type PinnedFetchRequest,
  type PinnedFetchResponse,
} from './index.js';
import { codeOf } from './test-helpers.js';

const JWKS_URI = 'https://app.example/jwks.json';
const PUBLIC_IP = '93.184.215.14';
const EC_KEY = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  kid: 'sig-1',
  use: 'sig',
  alg: 'ES256',
};

interface Stub {
  options: ClientJwksFetchOptions;
  requests: PinnedFetchRequest[];
  lookups: string[];
}

function stub(
  body: unknown = { keys: [EC_KEY] },
  init: {
    status?: number;
    headers?: Record<string, string>;
    addresses?: string[];
    respond?: (request: PinnedFetchRequest) => Promise<PinnedFetchResponse>;
  } = {},
  extra: Partial<ClientJwksFetchOptions> = {},
): Stub {
  const requests: PinnedFetchRequest[] = [];
  const lookups: string[] = [];
  const bytes = new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    requests,
    lookups,
    options: {
      resolveHost: async (host) => {
        lookups.push(host);
        return init.addresses ?? [PUBLIC_IP];
      },
      fetch: async (request) => {
        requests.push(request);
        if (init.respond) return init.respond(request);
        return {
          status: init.status ?? 200,
          headers: new Headers({ 'content-type': 'application/json', ...init.headers }),
          body: bytes,
        };
      },
      ...extra,
    },
  };
}

describe('fetchClientJwks', () => {
  it('resolves, checks, and fetches pinned to the checked address with a 16 KB cap', async () => {
    const s = stub();
    const jwks = await fetchClientJwks(JWKS_URI, s.options);
    expect(jwks).toEqual({ keys: [EC_KEY] });
    expect(s.lookups).toEqual(['app.example']);
    expect(s.requests).toEqual([
      { url: JWKS_URI, address: PUBLIC_IP, timeoutMs: expect.any(Number), maxBytes: 16_384 },
    ]);
    expect(s.requests[0]?.timeoutMs).toBeLessThanOrEqual(3000);
  });

  it('accepts application/jwk-set+json', async () => {
    const s = stub({ keys: [EC_KEY] }, { headers: { 'content-type': 'application/jwk-set+json' } });
    expect((await fetchClientJwks(JWKS_URI, s.options)).keys).toHaveLength(1);
  });

  it.each([
    ['http://app.example/jwks.json', 'ERR_CIMD_URL_NOT_HTTPS'],
    ['https://user:pw@app.example/jwks.json', 'ERR_CIMD_URL_USERINFO'],
    ['https://app.example/jwks.json#k', 'ERR_CIMD_URL_FRAGMENT'],
    ['not a url', 'ERR_CIMD_URL_INVALID'],
    [`https://app.example/${'a'.repeat(2000)}`, 'ERR_CIMD_URL_TOO_LONG'],
  ])('refuses %s before any lookup (%s)', async (uri, code) => {
    const s = stub();
    expect(await codeOf(fetchClientJwks(uri, s.options))).toBe(code);
    expect(s.lookups).toEqual([]);
    expect(s.requests).toEqual([]);
  });

  it.each([
    ['127.0.0.1'],
    ['10.0.0.7'],
    ['169.254.169.254'],
    ['::1'],
    ['fd00::1'],
    ['::ffff:192.168.1.1'],
  ])(
    'refuses a host that resolves to the private address %s: nothing is fetched',
    async (address) => {
      const s = stub(undefined, { addresses: [address] });
      expect(await codeOf(fetchClientJwks(JWKS_URI, s.options))).toBe('ERR_CIMD_ADDRESS_BLOCKED');
      expect(s.requests).toEqual([]);
    },
  );

  it('refuses an IP literal in a private range without a lookup', async () => {
    const s = stub();
    const code = await codeOf(fetchClientJwks('https://10.1.2.3/jwks.json', s.options));
    expect(code).toBe('ERR_CIMD_ADDRESS_BLOCKED');
    expect(s.lookups).toEqual([]);
  });

  it('checks every resolved address: one private address among public ones refuses the host', async () => {
    for (const addresses of [
      [PUBLIC_IP, '127.0.0.1'],
      ['127.0.0.1', PUBLIC_IP],
      [PUBLIC_IP, '2606:4700:4700::1111', '169.254.169.254'],
    ]) {
      const s = stub(undefined, { addresses });
      expect(await codeOf(fetchClientJwks(JWKS_URI, s.options))).toBe('ERR_CIMD_ADDRESS_BLOCKED');
      expect(s.requests).toEqual([]);
    }
  });

  it('moves to the next checked address only when connecting fails', async () => {
    const second = '2606:4700:4700::1111';
    const s = stub(undefined, {
      addresses: [PUBLIC_IP, second],
      respond: async (request) => {
        if (request.address === PUBLIC_IP) {
          throw new MetadataDocumentError('ERR_CIMD_FETCH_FAILED', 'connection refused');
        }
        return {
          status: 200,
          headers: new Headers({ 'content-type': 'application/json' }),
          body: new TextEncoder().encode(JSON.stringify({ keys: [EC_KEY] })),
        };
      },
    });
    expect((await fetchClientJwks(JWKS_URI, s.options)).keys).toHaveLength(1);
    expect(s.requests.map((request) => request.address)).toEqual([PUBLIC_IP, second]);
  });

  it('does not follow a redirect', async () => {
    const s = stub('', { status: 302, headers: { location: 'https://169.254.169.254/latest' } });
    expect(await codeOf(fetchClientJwks(JWKS_URI, s.options))).toBe('ERR_CIMD_REDIRECT');
    expect(s.requests).toHaveLength(1);
  });

  it('passes the size cap to the fetch, and refuses a body over it', async () => {
    const big = { keys: [EC_KEY], pad: 'x'.repeat(2000) };
    const s = stub(big, {}, { maxBytes: 1024 });
    expect(await codeOf(fetchClientJwks(JWKS_URI, s.options))).toBe('ERR_CIMD_TOO_LARGE');
    expect(s.requests[0]?.maxBytes).toBe(1024);
  });

  it('refuses a status other than 200, a wrong content type and invalid JSON', async () => {
    expect(await codeOf(fetchClientJwks(JWKS_URI, stub(undefined, { status: 404 }).options))).toBe(
      'ERR_CIMD_STATUS',
    );
    const html = stub(undefined, { headers: { 'content-type': 'text/html' } });
    expect(await codeOf(fetchClientJwks(JWKS_URI, html.options))).toBe('ERR_CIMD_CONTENT_TYPE');
    expect(await codeOf(fetchClientJwks(JWKS_URI, stub('{"keys":').options))).toBe('ERR_CIMD_JSON');
  });

  it('refuses a set with private key material, and a set without a usable signing key', async () => {
    const leaked = stub({ keys: [EC_KEY, { ...EC_KEY, kid: 'p', d: 'private-part' }] });
    expect(await codeOf(fetchClientJwks(JWKS_URI, leaked.options))).toBe('ERR_CIMD_JWKS_INVALID');
    const symmetric = stub({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] });
    expect(await codeOf(fetchClientJwks(JWKS_URI, symmetric.options))).toBe(
      'ERR_CIMD_JWKS_INVALID',
    );
    for (const body of [
      { keys: [] },
      { keys: [{ ...EC_KEY, use: 'enc' }] },
      [EC_KEY],
      { keys: 'nope' },
      null,
    ]) {
      expect(await codeOf(fetchClientJwks(JWKS_URI, stub(body).options))).toBe(
        'ERR_CIMD_JWKS_INVALID',
      );
    }
    const tooMany = stub({
      keys: Array.from({ length: 11 }, (_, i) => ({ ...EC_KEY, kid: `${i}` })),
    });
    expect(await codeOf(fetchClientJwks(JWKS_URI, tooMany.options))).toBe('ERR_CIMD_JWKS_INVALID');
  });

  it('leaves out keys that cannot verify a signature (encryption keys, other curves)', async () => {
    const s = stub({
      keys: [
        { ...EC_KEY, kid: 'enc', use: 'enc' },
        { kty: 'OKP', crv: 'X25519', x: 'abc' },
        EC_KEY,
      ],
    });
    expect((await fetchClientJwks(JWKS_URI, s.options)).keys.map((key) => key.kid)).toEqual([
      'sig-1',
    ]);
  });

  it('describes failures to clients as the client jwks_uri, network details only in message', async () => {
    const s = stub(undefined, { addresses: ['10.0.0.1'] });
    const error = await fetchClientJwks(JWKS_URI, s.options).catch((e: unknown) => e);
    expect(MetadataDocumentError.isInstance(error)).toBe(true);
    const { description, message } = error as MetadataDocumentError;
    expect(description).toBe('the client jwks_uri could not be retrieved');
    expect(message).toContain('10.0.0.1');
  });

  it('exempts exactly the allow-listed origin in test mode', async () => {
    const local = stub(
      undefined,
      { addresses: ['127.0.0.1'] },
      {
        allowPrivateOrigins: ['https://app.example'],
      },
    );
    expect((await fetchClientJwks(JWKS_URI, local.options)).keys).toHaveLength(1);
    const other = stub(
      undefined,
      { addresses: ['127.0.0.1'] },
      {
        allowPrivateOrigins: ['https://app.example:8443'],
      },
    );
    expect(await codeOf(fetchClientJwks(JWKS_URI, other.options))).toBe('ERR_CIMD_ADDRESS_BLOCKED');
  });

  it('refuses bad options with TypeError at construction', () => {
    const { options } = stub();
    for (const bad of [
      { maxBytes: 65_537 },
      { maxBytes: 0 },
      { timeoutMs: 0 },
      { maxKeys: 0 },
      { allowPrivateOrigins: ['http://127.0.0.1'] },
      { allowPrivateOrigins: ['https://app.example/path'] },
      { follow: true },
    ]) {
      expect(() => createClientJwksFetcher({ ...options, ...bad } as never)).toThrow(TypeError);
    }
    expect(() => createClientJwksFetcher({ resolveHost: options.resolveHost } as never)).toThrow(
      TypeError,
    );
  });
});
