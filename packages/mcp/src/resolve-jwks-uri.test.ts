import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseMcpError, resolveJwksUri } from './index.js';

type Route = (req: IncomingMessage, res: ServerResponse, origin: string) => void;
const routes = new Map<string, Route>();
const hits: string[] = [];
let server: Server;
let origin = '';

const json =
  (body: (origin: string) => unknown, headers: Record<string, string> = {}): Route =>
  (_req, res, base) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body(base)));
  };
const metadata = (issuer: string, extra: Record<string, unknown> = {}) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
  ...extra,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const route = routes.get(req.url ?? '');
    if (route === undefined) {
      res.writeHead(404).end();
      return;
    }
    route(req, res, origin);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes.set(
    '/.well-known/oauth-authorization-server',
    json((o) => metadata(o)),
  );
  routes.set(
    '/.well-known/oauth-authorization-server/tenant1',
    json((o) => metadata(`${o}/tenant1`)),
  );
  // RFC 8414 missing: found at the OpenID Connect path-appended URL
  routes.set(
    '/oidc/.well-known/openid-configuration',
    json((o) => metadata(`${o}/oidc`)),
  );
  routes.set(
    '/.well-known/oauth-authorization-server/mixup',
    json((o) => metadata(`${o}/other`)),
  );
  routes.set(
    '/.well-known/oauth-authorization-server/nojwks',
    json((o) => ({ ...metadata(`${o}/nojwks`), jwks_uri: undefined })),
  );
  routes.set(
    '/.well-known/oauth-authorization-server/insecure',
    json((o) => metadata(`${o}/insecure`, { jwks_uri: 'http://keys.example.com/jwks' })),
  );
  routes.set('/.well-known/oauth-authorization-server/redirect', (_req, res, o) => {
    res.writeHead(302, { location: `${o}/.well-known/oauth-authorization-server` }).end();
  });
  routes.set('/.well-known/oauth-authorization-server/big', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ pad: 'x'.repeat(100_000) }));
  });
  routes.set('/.well-known/oauth-authorization-server/text', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
  });
  routes.set('/.well-known/oauth-authorization-server/broken', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"issuer":');
  });
  routes.set('/.well-known/oauth-authorization-server/down', (_req, res) => {
    res.writeHead(503).end();
  });
  routes.set('/.well-known/oauth-authorization-server/slow', () => undefined);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('resolveJwksUri', () => {
  const local = { allowLoopbackHttp: true };

  it('finds jwks_uri for a root issuer and an issuer with a path (RFC 8414 path-inserted)', async () => {
    const root = await resolveJwksUri(origin, local);
    expect(root).toMatchObject({ issuer: origin, jwksUri: `${origin}/jwks` });
    expect(root.metadata.token_endpoint).toBe(`${origin}/token`);
    const tenant = await resolveJwksUri(`${origin}/tenant1`, local);
    expect(tenant.jwksUri).toBe(`${origin}/tenant1/jwks`);
  });

  it('moves on to the OpenID Connect URLs after a 404, in the MCP order', async () => {
    hits.length = 0;
    const found = await resolveJwksUri(`${origin}/oidc`, local);
    expect(found.jwksUri).toBe(`${origin}/oidc/jwks`);
    expect(hits).toEqual([
      '/.well-known/oauth-authorization-server/oidc',
      '/.well-known/openid-configuration/oidc',
      '/oidc/.well-known/openid-configuration',
    ]);
  });

  it('refuses a mix-up: metadata naming another issuer', async () => {
    expect(await codeOf(resolveJwksUri(`${origin}/mixup`, local))).toBe(
      'ERR_DISCOVERY_ISSUER_MISMATCH',
    );
  });

  it('refuses metadata without jwks_uri, or with a plain-http jwks_uri off loopback', async () => {
    expect(await codeOf(resolveJwksUri(`${origin}/nojwks`, local))).toBe(
      'ERR_MCP_JWKS_URI_MISSING',
    );
    expect(await codeOf(resolveJwksUri(`${origin}/insecure`, local))).toBe(
      'ERR_DISCOVERY_URL_INSECURE',
    );
  });

  it('refuses redirects, oversized, non-JSON, broken and failing answers, each with its code', async () => {
    const cases: [string, string][] = [
      ['redirect', 'ERR_MCP_METADATA_REDIRECT'],
      ['big', 'ERR_MCP_METADATA_TOO_LARGE'],
      ['text', 'ERR_MCP_METADATA_CONTENT_TYPE'],
      ['broken', 'ERR_MCP_METADATA_INVALID'],
      ['down', 'ERR_MCP_METADATA_STATUS'],
      ['nowhere', 'ERR_MCP_METADATA_NOT_FOUND'],
    ];
    for (const [path, code] of cases) {
      const error = await resolveJwksUri(`${origin}/${path}`, local).catch((e: unknown) => e);
      expect((error as { code?: string }).code, path).toBe(code);
      expect(GatehouseMcpError.isInstance(error)).toBe(true);
      expect((error as GatehouseMcpError).expose).toBe(false);
    }
    expect(await codeOf(resolveJwksUri(`${origin}/slow`, { ...local, timeoutMs: 100 }))).toBe(
      'ERR_MCP_METADATA_TIMEOUT',
    );
    expect(await codeOf(resolveJwksUri('http://127.0.0.1:1', local))).toBe(
      'ERR_MCP_METADATA_FETCH_FAILED',
    );
  });

  it('throws TypeError for an issuer that is not https (or loopback http when allowed)', async () => {
    for (const issuer of [
      origin, // loopback http without allowLoopbackHttp
      'http://auth.example.com',
      'https://auth.example.com?x=1',
      'https://auth.example.com#f',
      'https://user:pw@auth.example.com',
      'not a url',
    ]) {
      await expect(resolveJwksUri(issuer), issuer).rejects.toThrow(TypeError);
    }
    await expect(resolveJwksUri(origin, { ...local, timeoutMs: 0 })).rejects.toThrow(TypeError);
    await expect(
      resolveJwksUri(origin, { extra: true } as Parameters<typeof resolveJwksUri>[1]),
    ).rejects.toThrow(TypeError);
  });
});
