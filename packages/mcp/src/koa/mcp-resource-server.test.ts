import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatehouseAuthInfo, gatehouseAuth } from '../index.js';
import { type Fixture, messagesOf, rpc, startFixture } from './test-fixture.js';

const ALL_VISIBLE = 'mcp:tools:weather mcp:prompts:summarize mcp:resources:customer-data:read';

describe('mcpResourceServer: discovery and authentication', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it('answers a request without a token with 401 and the resource_metadata challenge (R4)', async () => {
    const response = await fx.post(undefined, rpc('tools/list'));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${fx.origin}/.well-known/oauth-protected-resource/mcp", scope="mcp:tools:weather"`,
    );
  });

  it('serves the Protected Resource Metadata at both well-known paths (R1, R2)', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      const response = await fetch(`${fx.origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.json()).toEqual({
        resource: fx.resource,
        authorization_servers: [fx.origin],
        bearer_methods_supported: ['header'],
        scopes_supported: ['mcp:tools:weather'],
        resource_name: 'Fixture MCP',
      });
    }
  });

  it('answers a token for another resource, and a garbage token, with 401 invalid_token (R5, R11)', async () => {
    for (const token of [await fx.token(ALL_VISIBLE, { audience: `${fx.origin}/other` }), 'abc']) {
      const response = await fx.post(token, rpc('tools/list'));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it('requires a token for GET and DELETE too, and leaves other paths to the app', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(fx.resource, {
        method,
        headers: { accept: 'text/event-stream' },
      });
      expect(response.status, method).toBe(401);
    }
    expect((await fetch(`${fx.origin}/elsewhere`)).status).toBe(404);
  });

  it('answers a denial no scope can fix with 403 and a JSON-RPC error, without a challenge', async () => {
    const token = await fx.token('mcp:*');
    const response = await fx.post(token, rpc('admin/shutdown'));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.json()).toMatchObject({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32000, data: { code: 'ERR_SCOPE_DENIED' } },
    });
  });

  it('refuses a non-canonical resource URI before the SDK sees it (no prefix-rule bypass)', async () => {
    const token = await fx.token('mcp:resources:public-docs:read');
    fx.seen.reads.length = 0;
    for (const uri of [
      'https://data.example.com/public/../customers/42',
      'https://data.example.com/public/%2e%2e/customers/42',
      'https://data.example.com/public/.%2E/customers/42',
      'https://data.example.com/public\\..\\customers/42',
      'https://DATA.example.com/public/readme',
      'https://data.example.com:443/public/readme',
    ]) {
      const response = await fx.post(token, rpc('resources/read', { uri }));
      expect(response.status, uri).toBe(400);
      expect(await response.json(), uri).toMatchObject({
        error: { code: -32602, data: { code: 'ERR_SCOPE_URI_NOT_CANONICAL' } },
      });
    }
    expect(fx.seen.reads).toEqual([]);
    const allowed = await fx.post(
      token,
      rpc('resources/read', { uri: 'https://data.example.com/public/readme' }),
    );
    expect(allowed.status).toBe(200);
    expect(fx.seen.reads).toEqual(['https://data.example.com/public/readme']);
  });

  it('answers a tools/call the token lacks with one 403 naming every scope it needs (R6)', async () => {
    const token = await fx.token('mcp:tools:weather');
    const response = await fx.post(token, [
      rpc('tools/call', { name: 'admin', arguments: {} }, 1),
      rpc('tools/call', { name: 'shell', arguments: {} }, 2),
    ]);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="mcp:tools:weather mcp:tools:admin mcp:tools:shell", resource_metadata="${fx.origin}/.well-known/oauth-protected-resource/mcp", error_description="the access token does not have the scope this operation requires"`,
    );
  });
});

describe.each([
  { sessions: 'stateless', jsonResponse: false },
  { sessions: 'stateless', jsonResponse: true },
  { sessions: 'stateful', jsonResponse: false },
  { sessions: 'stateful', jsonResponse: true },
] as const)('mcpResourceServer with the SDK client ($sessions, json: $jsonResponse)', (mode) => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture(mode);
  });
  afterAll(() => fx.close());

  it('lists only the tools, prompts, resources and templates the token may use', async () => {
    const { client } = await fx.connect(await fx.token(ALL_VISIBLE));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['weather']);
    expect((await client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual([
      'summarize',
    ]);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual([
      'https://data.example.com/customers/42',
    ]);
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.name)).toEqual([
      'customer-data',
    ]);
  });

  it('shows a broader token more, and a token without scopes nothing', async () => {
    const { client: wide } = await fx.connect(
      await fx.token('mcp:tools:* mcp:prompts:* mcp:resources:*'),
    );
    expect((await wide.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
      'admin',
      'shell',
      'weather',
    ]);
    expect((await wide.listResources()).resources).toHaveLength(2);
    const { client: none } = await fx.connect(await fx.token('offline_access'));
    expect((await none.listTools()).tools).toEqual([]);
    expect((await none.listPrompts()).prompts).toEqual([]);
  });

  it('calls an allowed tool with the verified auth in extra.authInfo, and refuses a denied one with 403', async () => {
    const token = await fx.token('mcp:tools:weather', { subject: 'bob', clientId: 'inspector' });
    const { client } = await fx.connect(token);
    const result = await client.callTool({ name: 'weather', arguments: { city: 'Paris' } });
    expect(result.content).toEqual([{ type: 'text', text: 'sunny in Paris for bob' }]);
    const authInfo = fx.seen.authInfo.at(-1) as GatehouseAuthInfo;
    expect(authInfo).toMatchObject({
      token,
      clientId: 'inspector',
      scopes: ['mcp:tools:weather'],
      extra: { subject: 'bob', claims: { sub: 'bob', client_id: 'inspector' }, issuer: fx.origin },
    });
    expect(authInfo.resource?.href).toBe(fx.resource);
    expect(gatehouseAuth(authInfo)?.ability?.can('call', 'Tool')).toBe(true);
    expect(authInfo.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(authInfo.expiresAt).toBeLessThan(Date.now() / 1000 + 400);
    await expect(client.callTool({ name: 'admin', arguments: {} })).rejects.toMatchObject({
      code: 403,
    });
  });

  it('reads a resource by its canonical URI and refuses a non-canonical spelling of it', async () => {
    const { client } = await fx.connect(await fx.token('mcp:resources:public-docs:read'));
    const read = await client.readResource({ uri: 'https://data.example.com/public/readme' });
    expect(read.contents[0]).toMatchObject({ text: 'readme' });
    fx.seen.reads.length = 0;
    for (const uri of [
      'https://data.example.com/public/../customers/42',
      'https://data.example.com/public/%2e%2e/customers/42',
      'https://DATA.example.com/public/readme',
    ]) {
      await expect(client.readResource({ uri }), uri).rejects.toBeDefined();
    }
    expect(fx.seen.reads).toEqual([]);
  });
});

describe('mcpResourceServer: list filtering on the wire', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture({ sessions: 'stateless', jsonResponse: false });
  });
  afterAll(() => fx.close());

  it('filters a list inside an SSE stream, and each list of a batch with the same token', async () => {
    const token = await fx.token('mcp:tools:weather mcp:prompts:secret');
    const response = await fx.post(
      token,
      [rpc('tools/list', {}, 'a'), rpc('prompts/list', {}, 'b')],
      {
        'mcp-protocol-version': '2025-06-18',
      },
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const messages = (await messagesOf(response)) as {
      id: string;
      result: Record<string, { name: string }[]>;
    }[];
    const byId = Object.fromEntries(messages.map((m) => [m.id, m.result]));
    expect(byId.a?.tools?.map((t) => t.name)).toEqual(['weather']);
    expect(byId.b?.prompts?.map((p) => p.name)).toEqual(['secret']);
  });

  it('refuses a task-augmented list request, whose result would bypass the filter', async () => {
    const token = await fx.token('mcp:tools:weather');
    const response = await fx.post(token, rpc('tools/list', { task: { ttl: 1000 } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32600 } });
  });
});

describe('mcpResourceServer: failures stay inside', () => {
  it('answers a server factory that throws with a bare JSON-RPC internal error (500)', async () => {
    const fx = await startFixture({
      server: () => {
        throw new Error('secret detail at /srv/app.js:12');
      },
    });
    try {
      const response = await fx.post(await fx.token('mcp:tools:weather'), rpc('tools/list'));
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32603, message: 'Internal error', data: { code: 'ERR_MCP_INTERNAL' } },
      });
      expect(text).not.toContain('secret');
    } finally {
      await fx.close();
    }
  });
});
