import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRegistrationPolicy,
  type ResolveHost,
  type ResolveMetadataDocumentOptions,
  resolveClientIdMetadataDocument,
} from '../index.js';
import { codeOf } from '../test-helpers.js';
import { type MetadataDocumentServer, startMetadataDocumentServer } from '../testing/index.js';
import { createPinnedFetch, resolveHost } from './index.js';

const policy = createRegistrationPolicy({ allowedScopes: ['mcp:tools:*'] });
let server: MetadataDocumentServer;

function document(clientId: string): Record<string, unknown> {
  return {
    client_id: clientId,
    client_name: 'Local test client',
    redirect_uris: ['https://app.example/cb'],
  };
}

function testMode(
  extra: Partial<ResolveMetadataDocumentOptions> = {},
): ResolveMetadataDocumentOptions {
  return {
    fetch: createPinnedFetch({ ca: server.ca }),
    resolveHost,
    policy,
    allowPrivateOrigins: [server.origin],
    timeoutMs: 2000,
    ...extra,
  };
}

beforeAll(async () => {
  server = await startMetadataDocumentServer({ dnsNames: ['localhost', 'cimd.test'] });
});
afterAll(async () => {
  await server.close();
});

describe('test mode: a local https server with a self-signed certificate and an allow-list entry', () => {
  it('resolves a document from the allow-listed origin, trusting only the given certificate', async () => {
    const clientId = server.url('/ok.json');
    server.document('/ok.json', document(clientId), { 'cache-control': 'max-age=120' });
    const resolved = await resolveClientIdMetadataDocument(clientId, testMode());
    expect(resolved.metadata.client_name).toBe('Local test client');
    expect(resolved.expiresAt - resolved.fetchedAt).toBe(120);
  });

  it('keeps the SSRF rules on without the allow-list entry: nothing is fetched', async () => {
    const clientId = server.url('/blocked.json');
    server.document('/blocked.json', document(clientId));
    const code = await codeOf(
      resolveClientIdMetadataDocument(clientId, testMode({ allowPrivateOrigins: [] })),
    );
    expect(code).toBe('ERR_CIMD_ADDRESS_BLOCKED');
    expect(server.hits('/blocked.json')).toBe(0);
  });

  it('refuses a DNS name that resolves to 127.0.0.1 (localhost, through the real resolver)', async () => {
    const clientId = server.url('/localhost.json', 'localhost');
    server.document('/localhost.json', document(clientId));
    expect((await resolveHost('localhost')).length).toBeGreaterThan(0);
    const code = await codeOf(resolveClientIdMetadataDocument(clientId, testMode()));
    expect(code).toBe('ERR_CIMD_ADDRESS_BLOCKED');
    expect(server.hits('/localhost.json')).toBe(0);
  });

  it('connects to the checked address only (DNS pinned: no second lookup to rebind)', async () => {
    let lookups = 0;
    const rebinding: ResolveHost = async () =>
      lookups++ === 0 ? ['127.0.0.1'] : ['169.254.169.254'];
    const clientId = server.url('/pinned.json', 'cimd.test');
    server.document('/pinned.json', document(clientId));
    const origin = new URL(clientId).origin;
    const resolved = await resolveClientIdMetadataDocument(
      clientId,
      testMode({ resolveHost: rebinding, allowPrivateOrigins: [origin] }),
    );
    expect(resolved.clientId).toBe(clientId);
    expect(lookups).toBe(1);
  });

  it('sends the URL host name for SNI and in Host, while connecting to the pinned address', async () => {
    const clientId = server.url('/sni.json', 'cimd.test');
    const body = JSON.stringify(document(clientId));
    const seen: Array<{ servername: unknown; host: unknown; local: unknown }> = [];
    server.route('/sni.json', (request, response) => {
      const socket = request.socket as TLSSocket;
      seen.push({
        servername: socket.servername,
        host: request.headers.host,
        local: socket.localAddress,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    const pinnedHere: ResolveHost = async () => ['127.0.0.1'];
    await resolveClientIdMetadataDocument(
      clientId,
      testMode({ resolveHost: pinnedHere, allowPrivateOrigins: [new URL(clientId).origin] }),
    );
    expect(seen).toEqual([
      { servername: 'cimd.test', host: `cimd.test:${server.port}`, local: '127.0.0.1' },
    ]);
  });

  it('checks the certificate: an untrusted one, or one for another name, fails', async () => {
    const clientId = server.url('/cert.json');
    server.document('/cert.json', document(clientId));
    expect(
      await codeOf(
        resolveClientIdMetadataDocument(clientId, testMode({ fetch: createPinnedFetch() })),
      ),
    ).toBe('ERR_CIMD_FETCH_FAILED');
    const otherName = server.url('/cert.json', 'other.test');
    const pinnedHere: ResolveHost = async () => ['127.0.0.1'];
    expect(
      await codeOf(
        resolveClientIdMetadataDocument(
          otherName,
          testMode({ resolveHost: pinnedHere, allowPrivateOrigins: [new URL(otherName).origin] }),
        ),
      ),
    ).toBe('ERR_CIMD_FETCH_FAILED');
  });
});

describe('attacks against the fetch, sent by a real server', () => {
  it('does not follow a redirect', async () => {
    const clientId = server.url('/redirect.json');
    server.route('/redirect.json', (_request, response) => {
      response.writeHead(302, { location: server.url('/target.json') }).end();
    });
    server.document('/target.json', document(clientId));
    expect(await codeOf(resolveClientIdMetadataDocument(clientId, testMode()))).toBe(
      'ERR_CIMD_REDIRECT',
    );
    expect(server.hits('/target.json')).toBe(0);
  });

  it('stops reading a 1 MB body after 5 KB (declared length)', async () => {
    const clientId = server.url('/large.json');
    server.route('/large.json', (_request, response) => {
      const body = JSON.stringify({ ...document(clientId), pad: 'x'.repeat(1_048_576) });
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    });
    expect(await codeOf(resolveClientIdMetadataDocument(clientId, testMode()))).toBe(
      'ERR_CIMD_TOO_LARGE',
    );
  });

  it('stops reading a 1 MB chunked body (no length) while streaming', async () => {
    const clientId = server.url('/chunked.json');
    let written = 0;
    server.route('/chunked.json', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(1024);
      const pump = (): void => {
        while (written < 1_048_576 && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      response.on('error', () => {});
      pump();
    });
    expect(await codeOf(resolveClientIdMetadataDocument(clientId, testMode()))).toBe(
      'ERR_CIMD_TOO_LARGE',
    );
  });

  it('gives up on a slow body at the timeout', async () => {
    const clientId = server.url('/slow.json');
    server.route('/slow.json', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"client_id":');
    });
    const started = performance.now();
    expect(
      await codeOf(resolveClientIdMetadataDocument(clientId, testMode({ timeoutMs: 150 }))),
    ).toBe('ERR_CIMD_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('gives up on a server that never answers at the timeout', async () => {
    const clientId = server.url('/silent.json');
    server.route('/silent.json', () => {});
    expect(
      await codeOf(resolveClientIdMetadataDocument(clientId, testMode({ timeoutMs: 150 }))),
    ).toBe('ERR_CIMD_TIMEOUT');
  });

  it('refuses a mismatched client_id and a document containing a client_secret', async () => {
    const mismatched = server.url('/mismatch.json');
    server.document('/mismatch.json', document(server.url('/other.json')));
    expect(await codeOf(resolveClientIdMetadataDocument(mismatched, testMode()))).toBe(
      'ERR_CIMD_CLIENT_ID_MISMATCH',
    );
    const withSecret = server.url('/secret.json');
    server.document('/secret.json', { ...document(withSecret), client_secret: 'leaked' });
    expect(await codeOf(resolveClientIdMetadataDocument(withSecret, testMode()))).toBe(
      'ERR_CIMD_SECRET_PRESENT',
    );
  });

  it('is an error, not a hang, when nothing listens', async () => {
    const fetch = createPinnedFetch({ ca: server.ca });
    const closed = await startMetadataDocumentServer();
    const url = closed.url('/gone.json');
    await closed.close();
    expect(
      await codeOf(fetch({ url, address: '127.0.0.1', timeoutMs: 1000, maxBytes: 5120 })),
    ).toBe('ERR_CIMD_FETCH_FAILED');
  });

  it('refuses a pinned address that is not an IP, http URLs and unknown options', async () => {
    const fetch = createPinnedFetch({ ca: server.ca });
    const base = { timeoutMs: 500, maxBytes: 5120 };
    expect(
      await codeOf(fetch({ ...base, url: server.url('/ok.json'), address: 'localhost' })),
    ).toBe('ERR_CIMD_FETCH_FAILED');
    expect(await codeOf(fetch({ ...base, url: 'http://127.0.0.1/x', address: '127.0.0.1' }))).toBe(
      'ERR_CIMD_FETCH_FAILED',
    );
    expect(() => createPinnedFetch({ rejectUnauthorized: false } as never)).toThrow(TypeError);
  });
});
