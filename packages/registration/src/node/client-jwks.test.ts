import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientJwksFetchOptions, fetchClientJwks } from '../index.js';
import { codeOf } from '../test-helpers.js';
import { type MetadataDocumentServer, startMetadataDocumentServer } from '../testing/index.js';
import { createPinnedFetch, resolveHost } from './index.js';

/** A `jwks_uri` served by a real local HTTPS server, fetched through the Node pinned fetch. */
const EC_KEY = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  kid: 'sig-1',
};
let server: MetadataDocumentServer;

function testMode(extra: Partial<ClientJwksFetchOptions> = {}): ClientJwksFetchOptions {
  return {
    fetch: createPinnedFetch({ ca: server.ca }),
    resolveHost,
    allowPrivateOrigins: [server.origin],
    timeoutMs: 2000,
    ...extra,
  };
}

beforeAll(async () => {
  server = await startMetadataDocumentServer();
});
afterAll(async () => {
  await server.close();
});

describe('fetchClientJwks against a real https server', () => {
  it('fetches the key set from the allow-listed origin, trusting only its certificate', async () => {
    server.document('/jwks.json', { keys: [EC_KEY] });
    const jwks = await fetchClientJwks(server.url('/jwks.json'), testMode());
    expect(jwks.keys).toEqual([EC_KEY]);
  });

  it('without the allow-list entry, a loopback jwks_uri is never fetched', async () => {
    server.document('/blocked.json', { keys: [EC_KEY] });
    const code = await codeOf(
      fetchClientJwks(server.url('/blocked.json'), testMode({ allowPrivateOrigins: [] })),
    );
    expect(code).toBe('ERR_CIMD_ADDRESS_BLOCKED');
    const byName = await codeOf(
      fetchClientJwks(server.url('/blocked.json', 'localhost'), testMode()),
    );
    expect(byName).toBe('ERR_CIMD_ADDRESS_BLOCKED');
    expect(server.hits('/blocked.json')).toBe(0);
  });

  it('does not follow a redirect: its target is never requested', async () => {
    server.route('/redirect.json', (_request, response) => {
      response.writeHead(302, { location: server.url('/target.json') }).end();
    });
    server.document('/target.json', { keys: [EC_KEY] });
    expect(await codeOf(fetchClientJwks(server.url('/redirect.json'), testMode()))).toBe(
      'ERR_CIMD_REDIRECT',
    );
    expect(server.hits('/target.json')).toBe(0);
  });

  it('stops reading a 1 MB key set at the cap, with and without a declared length', async () => {
    const body = JSON.stringify({ keys: [EC_KEY], pad: 'x'.repeat(1_048_576) });
    server.route('/large.json', (_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    });
    server.route('/chunked.json', (_request, response) => {
      response.on('error', () => {});
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(body);
      response.end();
    });
    for (const path of ['/large.json', '/chunked.json']) {
      expect(await codeOf(fetchClientJwks(server.url(path), testMode()))).toBe(
        'ERR_CIMD_TOO_LARGE',
      );
    }
  });
});
