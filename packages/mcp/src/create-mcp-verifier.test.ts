import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createAccessTokenIssuer,
  createKeySet,
  generateSigningKey,
  type KeySet,
} from '@gatehouse/tokens';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMcpVerifier } from './index.js';

let server: Server;
let origin = '';
let keys: KeySet;
let metadataUp = true;
let metadataHits = 0;

beforeAll(async () => {
  keys = createKeySet({ active: await generateSigningKey() });
  server = createServer((req, res) => {
    if (req.url === '/.well-known/oauth-authorization-server') {
      metadataHits++;
      if (!metadataUp) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({
          issuer: origin,
          jwks_uri: `${origin}/jwks`,
          response_types_supported: ['code'],
        }),
      );
    }
    if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(keys.publicJwks()));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  vi.useRealTimers();
  metadataUp = true;
});

const mint = async (audience: string) =>
  (
    await createAccessTokenIssuer({ issuer: origin, keys, ttlSeconds: 60 }).issue({
      subject: 'alice',
      clientId: 'c',
      audience,
      scope: 'mcp:tools:weather',
    })
  ).token;

describe('createMcpVerifier', () => {
  it('verifies tokens with keys found from the issuer metadata, resolving once for concurrent calls', async () => {
    metadataHits = 0;
    const resource = `${origin}/mcp`;
    const verifier = createMcpVerifier({
      issuer: origin,
      resource,
      algorithms: ['ES256'],
      allowLoopbackHttp: true,
    });
    const token = await mint(resource);
    const results = await Promise.all([verifier.verify(token), verifier.verify(token)]);
    expect(results.map((r) => r.subject)).toEqual(['alice', 'alice']);
    expect(metadataHits).toBe(1);
    expect((await verifier.ready()).jwksUri).toBe(`${origin}/jwks`);
  });

  it('refuses a token for another resource (audience) with invalid_token', async () => {
    const verifier = createMcpVerifier({
      issuer: origin,
      resource: `${origin}/mcp`,
      algorithms: ['ES256'],
      allowLoopbackHttp: true,
    });
    const error = await verifier.verify(await mint(`${origin}/other`)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ERR_TOKEN_AUDIENCE_INVALID',
      oauthError: 'invalid_token',
    });
  });

  it('fails closed while the metadata cannot be read, and tries again after 5 seconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    metadataUp = false;
    metadataHits = 0;
    const resource = `${origin}/mcp`;
    const verifier = createMcpVerifier({
      issuer: origin,
      resource,
      algorithms: ['ES256'],
      allowLoopbackHttp: true,
    });
    const token = await mint(resource);
    const first = await verifier.verify(token).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'ERR_MCP_METADATA_STATUS', expose: false });
    metadataUp = true;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'ERR_MCP_METADATA_STATUS' });
    expect(metadataHits).toBe(1);
    vi.setSystemTime(Date.now() + 5001);
    expect((await verifier.verify(token)).subject).toBe('alice');
    expect(metadataHits).toBe(2);
  });

  it('checks its options at construction', () => {
    const base = { issuer: 'https://auth.example.com', resource: 'https://mcp.example.com/mcp' };
    expect(() => createMcpVerifier({ ...base, algorithms: ['HS256' as 'ES256'] })).toThrow(
      TypeError,
    );
    expect(() => createMcpVerifier({ ...base, algorithms: [] })).toThrow(TypeError);
    expect(() =>
      createMcpVerifier({ ...base, issuer: 'http://auth.example.com', algorithms: ['ES256'] }),
    ).toThrow(TypeError);
    expect(() => createMcpVerifier({ ...base, resource: 'nope', algorithms: ['ES256'] })).toThrow(
      TypeError,
    );
    expect(() =>
      createMcpVerifier({ ...base, algorithms: ['ES256'], jwks: { timeoutMs: 0 } }),
    ).toThrow(TypeError);
    expect(() =>
      createMcpVerifier({
        ...base,
        algorithms: ['ES256'],
        verify: { clockToleranceSeconds: 9999 },
      }),
    ).toThrow(TypeError);
  });
});
