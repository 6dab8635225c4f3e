import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePolicy, type ScopeAbility } from '../index.js';
import { type McpGuardState, mcpGuard, requireScope } from './index.js';

const PRM = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const policy = definePolicy().build();

interface Seen {
  ability?: ScopeAbility;
  body?: unknown;
  state?: Record<string, unknown>;
}
const seen: Seen = {};

function withAuth(app: Koa): void {
  app.use(async (ctx, next) => {
    const scopes = ctx.get('x-test-scopes');
    if (scopes !== 'none') {
      ctx.state.auth = {
        subject: 'user-1',
        clientId: 'client-1',
        scopes: scopes === '' ? [] : scopes.split(' '),
        audience: ['https://mcp.example.com/mcp'],
        expiresAt: 0,
        claims: {},
      };
    }
    await next();
  });
}

const apps: { close: () => void }[] = [];
async function serve(app: Koa): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  apps.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(() => {
  for (const app of apps) app.close();
});

describe('requireScope', () => {
  let base = '';
  beforeAll(async () => {
    const app = new Koa();
    withAuth(app);
    app.use(async (ctx, next) => {
      if (ctx.path === '/reports') {
        return requireScope(['mcp:reports:read', 'mcp:reports:list'], { resourceMetadata: PRM })(
          ctx,
          next,
        );
      }
      if (ctx.path === '/narrow') {
        return requireScope('mcp:reports:read', { challengeScope: 'required' })(ctx, next);
      }
      return next();
    });
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    base = await serve(app);
  });

  const get = (path: string, scopes: string) =>
    fetch(`${base}${path}`, { headers: { 'x-test-scopes': scopes } });

  it('passes when every required scope is satisfied, wildcards included', async () => {
    expect((await get('/reports', 'mcp:reports:read mcp:reports:list')).status).toBe(200);
    expect((await get('/reports', 'mcp:reports:*')).status).toBe(200);
  });

  it('answers 403 insufficient_scope naming granted and all required scopes at once', async () => {
    const response = await get('/reports', 'mcp:tools:x mcp:reports:read');
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="mcp:tools:x mcp:reports:read mcp:reports:list", resource_metadata="${PRM}", error_description="the access token does not have the scope this operation requires"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: 'insufficient_scope',
      error_description: 'the access token does not have the scope this operation requires',
    });
  });

  it('never puts offline_access from the token into the challenge (R3)', async () => {
    const response = await get('/reports', 'offline_access mcp:reports:read');
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="mcp:reports:read mcp:reports:list", resource_metadata="${PRM}", error_description="the access token does not have the scope this operation requires"`,
    );
  });

  it('can challenge with only the required scopes', async () => {
    const response = await get('/narrow', 'mcp:tools:x');
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer error="insufficient_scope", scope="mcp:reports:read", error_description=/,
    );
  });

  it('refuses look-alike and malformed token scopes, and keeps them out of the challenge', async () => {
    for (const scopes of ['mcp:reports', 'mcp:reports:rea*', 'mcp:reports:read:x', '']) {
      const response = await get('/narrow', scopes);
      expect(response.status, scopes).toBe(403);
      expect(response.headers.get('www-authenticate')).not.toContain('rea*');
    }
    const response = await get('/reports', 'mcp:reports:rea* mcp:tools:x');
    expect(response.headers.get('www-authenticate')).toContain(
      'scope="mcp:tools:x mcp:reports:read mcp:reports:list"',
    );
  });

  it('fails closed with 500 server_error when no token middleware ran', async () => {
    const response = await get('/reports', 'none');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'server_error' });
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it('throws TypeError for a malformed setup', () => {
    for (const bad of ['', '*', 'mcp:x*', [] as string[]]) {
      expect(() => requireScope(bad)).toThrow(TypeError);
    }
    expect(() => requireScope('a', { challengeScope: 'all' as 'union' })).toThrow(TypeError);
    for (const resourceMetadata of ['https://x/\r\nSet-Cookie: a=b', 'https://x/\u00e9', 5]) {
      const options = { resourceMetadata: resourceMetadata as string };
      expect(() => requireScope('a', options)).toThrow(TypeError);
      expect(() => mcpGuard({ policy, ...options })).toThrow(TypeError);
    }
  });
});

describe('mcpGuard', () => {
  let base = '';
  beforeAll(async () => {
    const app = new Koa();
    withAuth(app);
    app.use(async (ctx, next) => {
      if (ctx.get('x-test-parsed')) {
        (ctx.request as typeof ctx.request & { body?: unknown }).body = JSON.parse(
          ctx.get('x-test-parsed'),
        );
      }
      await next();
    });
    app.use(mcpGuard({ policy, resourceMetadata: PRM, maxBodyBytes: 2048 }));
    app.use((ctx) => {
      seen.ability = ctx.state.ability;
      seen.body = (ctx.request as typeof ctx.request & { body?: unknown }).body;
      seen.state = ctx.state;
      ctx.body = { jsonrpc: '2.0', id: 1, result: {} };
    });
    base = await serve(app);
  });

  const post = (scopes: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-scopes': scopes, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const call = (name: string, id = 1) => ({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name, arguments: {} },
  });

  it('lets a permitted call through with the ability and the parsed body on the context', async () => {
    const response = await post('mcp:tools:weather', call('weather'));
    expect(response.status).toBe(200);
    expect(seen.ability?.can('call', 'Tool')).toBe(true);
    expect(seen.body).toEqual(call('weather'));
    const state = seen.state as unknown as McpGuardState;
    expect(state.mcpRequest?.body).toBe(seen.body);
    expect(state.mcpRequest?.messages).toMatchObject([{ method: 'tools/call', allowed: true }]);
    expect(state.filterList('tools/list', { tools: [{ name: 'weather' }, { name: 'x' }] })).toEqual(
      {
        tools: [{ name: 'weather' }],
      },
    );
  });

  it('answers 403 with the exact challenge for a denied call', async () => {
    const response = await post('mcp:tools:weather', call('shell'));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="mcp:tools:weather mcp:tools:shell", resource_metadata="${PRM}", error_description="the access token does not have the scope this operation requires"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await response.json()).error).toBe('insufficient_scope');
  });

  it('denies a batch hiding one forbidden call, naming every scope it needs', async () => {
    const response = await post('mcp:tools:weather', [
      call('weather', 1),
      call('shell', 2),
      { jsonrpc: '2.0', id: 3, method: 'prompts/get', params: { name: 'p' } },
    ]);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain(
      'scope="mcp:tools:weather mcp:tools:shell mcp:prompts:p"',
    );
  });

  it('denies unknown methods even to a broad token, with a JSON-RPC error and no challenge', async () => {
    const response = await post('mcp:*', { jsonrpc: '2.0', id: 7, method: 'admin/shutdown' });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32000, data: { code: 'ERR_SCOPE_DENIED' } },
    });
  });

  it('uses a body a parser already set instead of the stream', async () => {
    const response = await post('mcp:tools:weather', call('weather'), {
      'x-test-parsed': JSON.stringify(call('shell')),
    });
    expect(response.status).toBe(403);
  });

  it('refuses oversized, non-JSON, malformed and non-JSON-RPC bodies', async () => {
    const big = await post('mcp:tools:*', { ...call('weather'), pad: 'x'.repeat(4096) });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      error: 'invalid_request',
      error_description: 'the request body is too large',
    });
    const text = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-test-scopes': 'mcp:tools:*' },
      body: JSON.stringify(call('weather')),
    });
    expect(text.status).toBe(415);
    for (const body of [
      '{"jsonrpc":',
      '"x"',
      '[]',
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}',
    ]) {
      const response = await post('mcp:tools:*', body);
      expect(response.status, body).toBe(400);
      expect((await response.json()).error).toBe('invalid_request');
    }
    const badUtf8 = await post(
      'mcp:tools:*',
      new Uint8Array([0x7b, 0xff, 0x7d]) as unknown as string,
    );
    expect(badUtf8.status).toBe(400);
  });

  it('answers 413 to a body streamed past the cap before it ends, and closes the connection', async () => {
    const { port } = new URL(base);
    const answer = await new Promise<{
      status: number | undefined;
      connection: string | undefined;
      body: string;
    }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/mcp',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-test-scopes': 'mcp:tools:*' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode, connection: res.headers.connection, body });
          });
        },
      );
      req.on('error', reject);
      // chunked: no Content-Length to refuse up front; the body never ends on its own
      req.write(`{"jsonrpc":"2.0","id":1,"method":"tools/call","pad":"${'x'.repeat(3000)}`);
    });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({
      error: 'invalid_request',
      error_description: 'the request body is too large',
    });
  });

  it('decides bodies sent with other methods too (no bypass by PUT)', async () => {
    const response = await fetch(`${base}/mcp`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-test-scopes': 'mcp:tools:weather' },
      body: JSON.stringify(call('shell')),
    });
    expect(response.status).toBe(403);
  });

  it('passes GET (the SSE stream) with the ability set', async () => {
    const response = await fetch(`${base}/mcp`, { headers: { 'x-test-scopes': '' } });
    expect(response.status).toBe(200);
    expect(seen.ability?.can('call', 'Tool')).toBe(false);
  });

  it('fails closed with 500 server_error when no token middleware ran', async () => {
    const response = await post('none', call('weather'));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'server_error' });
  });

  it('throws TypeError for a malformed setup', () => {
    expect(() => mcpGuard({} as { policy: typeof policy })).toThrow(TypeError);
    expect(() => mcpGuard({ policy, maxBodyBytes: 0 })).toThrow(TypeError);
    expect(() => mcpGuard({ policy, extra: 1 } as { policy: typeof policy })).toThrow(TypeError);
  });
});
