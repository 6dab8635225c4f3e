import { type AuditRecord, verifyAuditLog } from '@gatehouse/audit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Fixture, rpc, startFixture } from './test-fixture.js';

describe('decisions in the audit log', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture({ sessions: 'stateful', jsonResponse: true });
  });
  afterAll(() => fx.close());

  it('records tokens verified and rejected, and each access allowed and denied, with no token in them', async () => {
    const token = await fx.token('mcp:tools:weather', { subject: 'carol', clientId: 'app-9' });
    const { client, transport } = await fx.connect(token);
    await client.callTool({ name: 'weather', arguments: { city: 'Oslo' } });
    await expect(client.callTool({ name: 'admin', arguments: {} })).rejects.toMatchObject({
      code: 403,
    });
    await fx.post('not-a-token', rpc('tools/list'));
    const mallory = await fx.token('mcp:tools:*', { subject: 'mallory' });
    await fx.post(mallory, rpc('tools/list'), {
      'mcp-session-id': transport.sessionId ?? '',
      'mcp-protocol-version': '2025-06-18',
    });
    await fx.post(token, rpc('tools/list'), { origin: 'https://evil.example' });

    const events = await fx.events();
    expect((await verifyAuditLog(events)).ok).toBe(true);
    const carol = { sub: 'carol', clientId: 'app-9' };
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'token.verified', actor: carol, outcome: 'success' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'access.allowed',
        actor: carol,
        target: { type: 'tool', id: 'weather' },
        details: expect.objectContaining({ method: 'tools/call', scopes: ['mcp:tools:weather'] }),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'access.denied',
        actor: carol,
        reason: 'ERR_SCOPE_DENIED',
        target: { type: 'tool', id: 'admin' },
        details: expect.objectContaining({ requiredScopes: ['mcp:tools:admin'] }),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'token.rejected', reason: 'ERR_TOKEN_MALFORMED' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'access.denied',
        actor: { sub: 'mallory', clientId: 'client-1' },
        reason: 'ERR_MCP_SESSION_MISMATCH',
        target: { type: 'route', id: '/mcp' },
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'access.denied', reason: 'ERR_MCP_ORIGIN_REFUSED' }),
    );
    for (const event of events) expect(event.request?.path).toBe('/mcp');
    expect(JSON.stringify(events)).not.toContain(token);
  });
});

describe('every refusal of the endpoint in the audit log, once', () => {
  let fx: Fixture;
  let stateful: Fixture;
  let token = '';
  let statefulToken = '';
  beforeAll(async () => {
    fx = await startFixture({ jsonResponse: true, maxPendingLists: 1 });
    stateful = await startFixture({ sessions: 'stateful', jsonResponse: true });
    token = await fx.token('mcp:tools:*', { subject: 'dave', clientId: 'app-4' });
    statefulToken = await stateful.token('mcp:tools:*');
  });
  afterAll(async () => {
    await fx.close();
    await stateful.close();
  });

  /** Sends a request tagged with a request id, and returns its status and its audit events. */
  const send = async (
    target: Fixture,
    requestId: string,
    init: { method?: string; body?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; events: AuditRecord[] }> => {
    const response = await fetch(target.resource, {
      method: init.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${target === stateful ? statefulToken : token}`,
        'x-request-id': requestId,
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    await response.arrayBuffer();
    const events = (await target.events()).filter((event) => event.request?.id === requestId);
    return { status: response.status, events };
  };

  const json = (value: unknown) => JSON.stringify(value);
  const list = (params: Record<string, unknown> = {}, id: number | string = 1) =>
    json(rpc('tools/list', params, id));
  const refusals = [
    {
      name: 'content type',
      status: 415,
      reason: 'ERR_MCP_CONTENT_TYPE',
      headers: { 'content-type': 'text/plain' },
      body: list(),
    },
    {
      name: 'body too large',
      status: 413,
      reason: 'ERR_MCP_BODY_TOO_LARGE',
      body: json(rpc('ping', { pad: 'x'.repeat(1_100_000) })),
    },
    { name: 'parse error', status: 400, reason: 'ERR_MCP_PARSE_ERROR', body: '{bad' },
    {
      name: 'JSON-RPC 1.0',
      status: 400,
      reason: 'ERR_MCP_INVALID_REQUEST',
      body: '{"jsonrpc":"1.0","id":1,"method":"ping"}',
    },
    { name: 'PUT', status: 405, reason: 'ERR_MCP_METHOD_NOT_ALLOWED', method: 'PUT', body: list() },
    {
      name: 'DELETE when stateless',
      status: 405,
      reason: 'ERR_MCP_METHOD_NOT_ALLOWED',
      method: 'DELETE',
    },
    {
      name: 'task-augmented list',
      status: 400,
      reason: 'ERR_MCP_INVALID_REQUEST',
      body: list({ task: { ttl: 1000 } }),
    },
    {
      name: 'batch with a repeated id',
      status: 400,
      reason: 'ERR_MCP_INVALID_REQUEST',
      body: json([rpc('ping', {}, 7), rpc('tools/list', {}, 7)]),
    },
    {
      name: 'too many lists in flight',
      status: 429,
      reason: 'ERR_MCP_LIST_PENDING_LIMIT',
      body: json([rpc('tools/list', {}, 1), rpc('prompts/list', {}, 2)]),
    },
  ];

  for (const refusal of refusals) {
    it(`records a refusal for ${refusal.name} as one access.denied with its code`, async () => {
      const { status, events } = await send(
        fx,
        `refusal-${refusal.status}-${refusal.name.replaceAll(' ', '-')}`,
        refusal,
      );
      expect(status).toBe(refusal.status);
      const denied = events.filter((event) => event.type === 'access.denied');
      expect(denied).toEqual([
        expect.objectContaining({
          reason: refusal.reason,
          target: { type: 'route', id: '/mcp' },
          outcome: 'failure',
        }),
      ]);
      expect(JSON.stringify(events)).not.toContain(token);
    });
  }

  it('names the caller in a refusal after authentication, and no one before it', async () => {
    const parse = await send(fx, 'refusal-actor-parse', { body: '{bad' });
    expect(parse.events.find((event) => event.type === 'access.denied')?.actor).toEqual({
      sub: 'dave',
      clientId: 'app-4',
    });
    const put = await send(fx, 'refusal-actor-put', { method: 'PUT', body: list() });
    expect(put.events.map((event) => event.type)).toEqual(['access.denied']);
    expect(put.events[0]?.actor).toBeUndefined();
  });

  it('records no denial for the GET with which every client asks for its SSE stream (stateless)', async () => {
    const probe = await send(fx, 'stateless-get', {
      method: 'GET',
      headers: { accept: 'text/event-stream' },
    });
    expect(probe.status).toBe(405);
    // the request is in the log (token.verified, request.method GET), but nothing was denied
    expect(probe.events.map((event) => [event.type, event.request?.method])).toEqual([
      ['token.verified', 'GET'],
    ]);
    const before = (await fx.events()).length;
    const { client } = await fx.connect(token);
    await client.listTools();
    // the SDK client sends its GET without awaiting it
    const after = await vi.waitFor(async () => {
      const events = (await fx.events()).slice(before);
      expect(events.map((event) => event.request?.method)).toContain('GET');
      return events;
    });
    expect(after.filter((event) => event.type === 'access.denied')).toEqual([]);
  });

  it('records a stateful request without a session id once, as ERR_MCP_SESSION_REQUIRED', async () => {
    const { status, events } = await send(stateful, 'refusal-session-required', {
      body: list(),
      headers: { 'mcp-protocol-version': '2025-06-18' },
    });
    expect(status).toBe(400);
    expect(events.filter((event) => event.type === 'access.denied')).toEqual([
      expect.objectContaining({ reason: 'ERR_MCP_SESSION_REQUIRED' }),
    ]);
    expect(JSON.stringify(events)).not.toContain(statefulToken);
  });

  it("records the guard's refusal of params it cannot decide once, not again as it is restated", async () => {
    const { status, events } = await send(fx, 'refusal-invalid-params', {
      body: json(rpc('tools/call', { name: '' }, 9)),
    });
    expect(status).toBe(400);
    const denied = events.filter((event) => event.type === 'access.denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]?.reason).not.toBe('ERR_MCP_INVALID_PARAMS');
  });

  it('follows access.allowed with request.failed when the SDK transport refuses the request', async () => {
    const call = json(rpc('tools/call', { name: 'weather', arguments: { city: 'Oslo' } }));
    const handled = fx.seen.authInfo.length;
    const notAcceptable = await send(fx, 'undispatched-406', {
      body: call,
      headers: { accept: 'application/json' },
    });
    expect(notAcceptable.status).toBe(406);
    expect(notAcceptable.events.map((event) => event.type)).toEqual([
      'token.verified',
      'access.allowed',
      'request.failed',
    ]);
    expect(notAcceptable.events[2]).toMatchObject({
      actor: { sub: 'dave', clientId: 'app-4' },
      reason: 'ERR_HTTP_406',
      details: { status: 406 },
    });
    const version = await send(fx, 'undispatched-version', {
      body: call,
      headers: { 'mcp-protocol-version': '1999-01-01' },
    });
    expect(version.status).toBe(400);
    expect(version.events.at(-1)).toMatchObject({ type: 'request.failed', reason: 'ERR_HTTP_400' });
    expect(fx.seen.authInfo).toHaveLength(handled); // the handler never ran

    const served = await send(fx, 'dispatched', { body: call });
    expect(served.status).toBe(200);
    expect(served.events.map((event) => event.type)).toEqual(['token.verified', 'access.allowed']);
    expect(JSON.stringify([notAcceptable, version, served])).not.toContain(token);
  });
});
