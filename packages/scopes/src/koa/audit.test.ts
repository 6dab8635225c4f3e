import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { definePolicy } from '../index.js';
import { mcpGuard, requireScope, type ScopeAuditEvent } from './index.js';

const events: ScopeAuditEvent[] = [];
let failing = false;
let base = '';
let server: Server;

const policy = definePolicy()
  .always('no-shell', ({ cannot }) => cannot('call', 'Tool', { name: 'shell' }))
  .build();

beforeAll(async () => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    // a stand-in for auditTrail: anything with record() will do
    ctx.state.audit = {
      record: async (event: ScopeAuditEvent) => {
        if (failing) throw new Error('sink down');
        events.push(event);
      },
    };
    const scopes = ctx.get('x-test-scopes');
    if (scopes !== 'none') {
      ctx.state.auth = { subject: 'user-1', clientId: 'client-1', scopes: scopes.split(' ') };
    }
    await next();
  });
  const guard = mcpGuard({
    policy,
    resolveResource: (uri) => (uri.startsWith('file:///docs/') ? { name: 'docs' } : undefined),
    tools: {
      run_workflow: {
        action: 'exec',
        subject: 'Workflow',
        fields: ({ name }) => (typeof name === 'string' ? { name } : undefined),
      },
    },
  });
  const route = requireScope('mcp:reports:read');
  app.use(async (ctx, next) => (ctx.path === '/reports' ? route(ctx, next) : guard(ctx, next)));
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  events.length = 0;
  failing = false;
});

const post = (scopes: string, body: unknown, path = '/mcp') =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-scopes': scopes },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const call = (name: string, id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name },
});
const actor = { sub: 'user-1', clientId: 'client-1' };

describe('mcpGuard records its decisions on ctx.state.audit', () => {
  it('records access.allowed for each checked message, and nothing for open methods', async () => {
    const response = await post('mcp:tools:weather mcp:resources:docs:read', [
      call('weather', 1),
      { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'file:///docs/a.md' } },
      { jsonrpc: '2.0', id: 3, method: 'tools/list' },
    ]);
    expect(response.status).toBe(200);
    const scopes = ['mcp:tools:weather', 'mcp:resources:docs:read'];
    expect(events).toEqual([
      {
        type: 'access.allowed',
        actor,
        target: { type: 'tool', id: 'weather' },
        details: { method: 'tools/call', scopes, requiredScopes: [] },
      },
      {
        type: 'access.allowed',
        actor,
        target: { type: 'resource', id: 'file:///docs/a.md' },
        details: { method: 'resources/read', scopes, requiredScopes: [] },
      },
    ]);
  });

  it('records access.denied with the code and the scopes each message needs', async () => {
    expect((await post('mcp:tools:weather', [call('weather', 1), call('search', 2)])).status).toBe(
      403,
    );
    expect(
      events.map(({ type, reason, target, details }) => [
        type,
        reason,
        target,
        details.requiredScopes,
      ]),
    ).toEqual([
      ['access.denied', 'ERR_SCOPE_DENIED', { type: 'tool', id: 'weather' }, []],
      ['access.denied', 'ERR_SCOPE_DENIED', { type: 'tool', id: 'search' }, ['mcp:tools:search']],
    ]);
  });

  it('records denials no scope can fix: a cannot rule and an unknown method', async () => {
    expect((await post('mcp:tools:*', call('shell'))).status).toBe(403);
    expect((await post('mcp:*', { jsonrpc: '2.0', id: 1, method: 'admin/shutdown' })).status).toBe(
      403,
    );
    expect(events.map(({ type, reason, target }) => [type, reason, target])).toEqual([
      ['access.denied', 'ERR_SCOPE_DENIED', { type: 'tool', id: 'shell' }],
      ['access.denied', 'ERR_SCOPE_DENIED', { type: 'method', id: 'admin/shutdown' }],
    ]);
  });

  it('records a refused URI and a malformed body with their codes', async () => {
    const traversal = 'file:///docs/../secrets/key';
    const read = { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: traversal } };
    expect((await post('mcp:resources:*', read)).status).toBe(400);
    expect((await post('mcp:resources:*', '{"jsonrpc":')).status).toBe(400);
    expect(events).toEqual([
      {
        type: 'access.denied',
        actor,
        target: { type: 'resource', id: traversal },
        reason: 'ERR_SCOPE_URI_NOT_CANONICAL',
        details: { method: 'resources/read', scopes: ['mcp:resources:*'], requiredScopes: [] },
      },
      {
        type: 'access.denied',
        actor,
        target: { type: 'route', id: '/mcp' },
        reason: 'ERR_SCOPE_MCP_REQUEST',
        details: { method: 'POST', scopes: ['mcp:resources:*'], requiredScopes: [] },
      },
    ]);
  });

  it('records a tool with a per-tool rule under its first check: the workflow run', async () => {
    const run = (name: unknown) => ({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'run_workflow', arguments: { name } },
    });
    const scopes = 'mcp:tools:run_workflow mcp:exec:workflows:backup';
    expect((await post(scopes, run('backup'))).status).toBe(200);
    expect((await post(scopes, run('deploy'))).status).toBe(403);
    expect((await post(scopes, run(['backup']))).status).toBe(400);
    expect(
      events.map(({ type, reason, target, details }) => [
        type,
        reason,
        target,
        details.requiredScopes,
      ]),
    ).toEqual([
      ['access.allowed', undefined, { type: 'workflow', id: 'backup' }, []],
      [
        'access.denied',
        'ERR_SCOPE_DENIED',
        { type: 'workflow', id: 'deploy' },
        ['mcp:exec:workflows:deploy'],
      ],
      ['access.denied', 'ERR_SCOPE_TOOL_ARGUMENTS', { type: 'route', id: '/mcp' }, []],
    ]);
  });

  it('records a guard mounted without a token middleware, and keeps deciding when the sink fails', async () => {
    expect((await post('none', call('weather'))).status).toBe(500);
    expect(events[0]).toMatchObject({
      type: 'access.denied',
      reason: 'ERR_SCOPE_AUTH_STATE_MISSING',
    });
    failing = true;
    expect((await post('mcp:tools:weather', call('weather'))).status).toBe(200);
    expect((await post('mcp:tools:weather', call('search'))).status).toBe(403);
  });
});

describe('requireScope records its decisions on ctx.state.audit', () => {
  it('records access.allowed and access.denied for the route', async () => {
    expect((await post('mcp:reports:read', {}, '/reports')).status).toBe(200);
    expect((await post('mcp:tools:x', {}, '/reports')).status).toBe(403);
    expect(events).toEqual([
      {
        type: 'access.allowed',
        actor,
        target: { type: 'route', id: '/reports' },
        details: { method: 'POST', scopes: ['mcp:reports:read'], requiredScopes: [] },
      },
      {
        type: 'access.denied',
        actor,
        target: { type: 'route', id: '/reports' },
        reason: 'ERR_SCOPE_DENIED',
        details: { method: 'POST', scopes: ['mcp:tools:x'], requiredScopes: ['mcp:reports:read'] },
      },
    ]);
  });
});
