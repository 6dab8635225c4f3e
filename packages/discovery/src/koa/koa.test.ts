import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defineAuthorizationServerMetadata,
  defineProtectedResourceMetadata,
  type ProtectedResourceMetadata,
} from '../index.js';
import {
  authorizationServerMetadata,
  bearerChallenge,
  protectedResourceMetadata,
} from './index.js';

const servers: Server[] = [];

async function serve(app: Koa): Promise<string> {
  const server = createServer(app.callback());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

const prm = defineProtectedResourceMetadata({
  resource: 'https://mcp.example.com/public/mcp',
  authorization_servers: ['https://auth.example.com/tenant1'],
  scopes_supported: ['mcp:tools'],
  resource_name: 'Example',
});
const asm = defineAuthorizationServerMetadata({
  issuer: 'https://auth.example.com/tenant1',
  authorization_endpoint: 'https://auth.example.com/tenant1/authorize',
  token_endpoint: 'https://auth.example.com/tenant1/token',
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
});

function app(...middleware: Koa.Middleware[]): Koa {
  const koa = new Koa();
  for (const m of middleware) koa.use(m);
  koa.use((ctx) => {
    ctx.status = 404;
    ctx.body = 'fell through';
  });
  return koa;
}

describe('protectedResourceMetadata', () => {
  it('serves the document at the path-inserted and the root well-known URLs (R2)', async () => {
    const origin = await serve(app(protectedResourceMetadata(prm)));
    for (const path of [
      '/.well-known/oauth-protected-resource/public/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.json()).toEqual(prm);
    }
  });

  it('answers HEAD without a body, preflight with CORS, other methods with 405', async () => {
    const origin = await serve(app(protectedResourceMetadata(prm, { maxAgeSeconds: 60 })));
    const url = `${origin}/.well-known/oauth-protected-resource/public/mcp`;
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await head.text()).toBe('');
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://inspector.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'mcp-protocol-version',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('*');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(url, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(response.headers.get('cache-control')).toBeNull();
    }
  });

  it('passes every other path through, look-alikes included', async () => {
    const origin = await serve(app(protectedResourceMetadata(prm)));
    for (const path of [
      '/',
      '/public/mcp',
      '/.well-known/oauth-protected-resource/',
      '/.well-known/oauth-protected-resource/public/mcp/',
      '/.well-known/oauth-protected-resource/public',
      '/.well-known/OAUTH-protected-resource',
      '/.well-known/oauth-authorization-server',
    ]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toBe('fell through');
    }
  });

  it('refuses documents that did not come from defineProtectedResourceMetadata, and bad options', () => {
    const raw = { ...prm } as ProtectedResourceMetadata;
    expect(() => protectedResourceMetadata(raw)).toThrow(TypeError);
    expect(() => protectedResourceMetadata(prm, { maxAgeSeconds: -1 })).toThrow(TypeError);
    expect(() =>
      protectedResourceMetadata(prm, { maxAge: 1 } as unknown as { maxAgeSeconds: number }),
    ).toThrow(TypeError);
  });
});

describe('authorizationServerMetadata', () => {
  it('serves RFC 8414 metadata at the path-inserted URL of an issuer with a path, only', async () => {
    const origin = await serve(app(authorizationServerMetadata(asm)));
    const response = await fetch(`${origin}/.well-known/oauth-authorization-server/tenant1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual(asm);
    for (const path of [
      '/.well-known/oauth-authorization-server',
      '/tenant1/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration/tenant1',
      '/tenant1/.well-known/openid-configuration',
    ]) {
      expect((await fetch(`${origin}${path}`)).status, path).toBe(404);
    }
    expect(
      (await fetch(`${origin}/.well-known/oauth-authorization-server/tenant1`, { method: 'POST' }))
        .status,
    ).toBe(405);
  });

  it('serves a root issuer at the root path', async () => {
    const root = defineAuthorizationServerMetadata({
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      issuer: 'https://auth.example.com',
      authorization_endpoint: 'https://auth.example.com/authorize',
      token_endpoint: 'https://auth.example.com/token',
    });
    const origin = await serve(app(authorizationServerMetadata(root)));
    expect((await fetch(`${origin}/.well-known/oauth-authorization-server`)).status).toBe(200);
  });
});

describe('bearerChallenge', () => {
  const metadata = 'https://mcp.example.com/.well-known/oauth-protected-resource/public/mcp';

  it('answers a request without a token with 401, resource_metadata and scope, no error (R4)', async () => {
    const origin = await serve(
      app((ctx) => bearerChallenge(ctx, { resourceMetadata: metadata, scope: ['mcp:tools'] })),
    );
    const response = await fetch(`${origin}/mcp`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${metadata}", scope="mcp:tools"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('');
  });

  it('answers insufficient_scope with 403 and a JSON body (R6)', async () => {
    const origin = await serve(
      app((ctx) =>
        bearerChallenge(ctx, {
          error: 'insufficient_scope',
          scope: 'mcp:tools mcp:admin',
          resourceMetadata: metadata,
          errorDescription: 'needs "mcp:admin"',
        }),
      ),
    );
    const response = await fetch(`${origin}/mcp`);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="mcp:tools mcp:admin", resource_metadata="${metadata}", error_description="needs 'mcp:admin'"`,
    );
    expect(await response.json()).toEqual({
      error: 'insufficient_scope',
      error_description: "needs 'mcp:admin'",
    });
  });

  it('derives 401 for invalid_token and 400 for invalid_request, and honours an explicit status', async () => {
    const cases = [
      [{ error: 'invalid_token' }, 401],
      [{ error: 'invalid_request' }, 400],
      [{ error: 'invalid_token', status: 401 }, 401],
      [{ status: 401 }, 401],
    ] as const;
    for (const [params, status] of cases) {
      const origin = await serve(app((ctx) => bearerChallenge(ctx, params)));
      const response = await fetch(`${origin}/mcp`);
      expect(response.status).toBe(status);
      if ('error' in params) expect(await response.json()).toEqual({ error: params.error });
    }
  });

  it('never sends a header built from a scope that could split it', async () => {
    const origin = await serve(
      app(
        async (ctx, next) => {
          try {
            await next();
          } catch (error) {
            ctx.status = 500;
            ctx.body = { code: (error as { code?: string }).code };
          }
        },
        (ctx) => bearerChallenge(ctx, { scope: 'a\r\nSet-Cookie: session=evil' }),
      ),
    );
    const response = await fetch(`${origin}/mcp`);
    expect(response.status).toBe(500);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.json()).toEqual({ code: 'ERR_DISCOVERY_CHALLENGE_SCOPE_INVALID' });
  });

  it('throws TypeError for a status that is not an error status', () => {
    const ctx = new Koa().createContext(
      {} as Parameters<Koa['createContext']>[0],
      {} as Parameters<Koa['createContext']>[1],
    );
    expect(() => bearerChallenge(ctx, { status: 200 })).toThrow(TypeError);
  });
});
