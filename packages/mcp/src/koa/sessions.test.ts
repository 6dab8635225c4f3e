import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, rpc, startFixture } from './test-fixture.js';

const VERSION = { 'mcp-protocol-version': '2025-06-18' };

describe('stateful sessions are bound to their owner (R13)', () => {
  let fx: Fixture;
  let sessionId = '';
  let aliceToken = '';
  beforeAll(async () => {
    fx = await startFixture({ sessions: 'stateful', jsonResponse: true });
    aliceToken = await fx.token('mcp:tools:weather');
    const { transport } = await fx.connect(aliceToken);
    sessionId = transport.sessionId ?? '';
  });
  afterAll(() => fx.close());

  const withSession = (token: string, body: unknown, id = sessionId) =>
    fx.post(token, body, { ...VERSION, 'mcp-session-id': id });

  it('serves the owner, also with another token of the same subject and client', async () => {
    expect(sessionId).not.toBe('');
    expect((await withSession(aliceToken, rpc('tools/list', {}, 10))).status).toBe(200);
    const refreshed = await fx.token('mcp:tools:weather mcp:tools:admin');
    const response = await withSession(refreshed, rpc('tools/list', {}, 11));
    const body = (await response.json()) as { result: { tools: { name: string }[] } };
    expect(body.result.tools.map((tool) => tool.name).sort()).toEqual(['admin', 'weather']);
  });

  it('answers another subject, or the same subject through another client, 404 as if unknown', async () => {
    const unknown = await withSession(aliceToken, rpc('tools/list', {}, 12), 'no-such-session');
    expect(unknown.status).toBe(404);
    const unknownBody = await unknown.json();
    for (const claims of [{ subject: 'mallory' }, { clientId: 'client-2' }]) {
      const token = await fx.token('mcp:tools:*', claims);
      const response = await withSession(
        token,
        rpc('tools/call', { name: 'weather', arguments: { city: 'x' } }, 13),
      );
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(unknownBody);
      expect(unknownBody).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32001,
          message: 'Session not found',
          data: { code: 'ERR_MCP_SESSION_NOT_FOUND' },
        },
      });
    }
  });

  it('refuses GET and DELETE on the session with another owner token, and without a token', async () => {
    const mallory = await fx.token('mcp:tools:*', { subject: 'mallory' });
    for (const method of ['GET', 'DELETE']) {
      const headers = { ...VERSION, 'mcp-session-id': sessionId, accept: 'text/event-stream' };
      const stolen = await fetch(fx.resource, {
        method,
        headers: { ...headers, authorization: `Bearer ${mallory}` },
      });
      expect(stolen.status, method).toBe(404);
      expect((await fetch(fx.resource, { method, headers })).status, method).toBe(401);
    }
    // the session survived the attempts
    expect((await withSession(aliceToken, rpc('tools/list', {}, 14))).status).toBe(200);
  });

  it('requires a session id for anything but initialize', async () => {
    const response = await fx.post(aliceToken, rpc('tools/list', {}, 15), VERSION);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32000 } });
  });

  it('lets the owner end the session with DELETE, after which it is unknown', async () => {
    const { transport } = await fx.connect(aliceToken);
    const id = transport.sessionId ?? '';
    const before = fx.sessionCount();
    const response = await fetch(fx.resource, {
      method: 'DELETE',
      headers: { ...VERSION, 'mcp-session-id': id, authorization: `Bearer ${aliceToken}` },
    });
    expect(response.status).toBe(200);
    expect(fx.sessionCount()).toBe(before - 1);
    expect((await withSession(aliceToken, rpc('tools/list', {}, 16), id)).status).toBe(404);
  });
});

describe('session limits', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture({ sessions: 'stateful', jsonResponse: true, maxSessionsPerSubject: 2 });
  });
  afterAll(() => fx.close());

  const initialize = async (token: string): Promise<Response> =>
    fx.post(
      token,
      rpc('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      }),
    );
  const open = async (token: string): Promise<string> =>
    (await initialize(token)).headers.get('mcp-session-id') ?? '';
  const stream = (token: string, id: string, signal: AbortSignal) =>
    fetch(fx.resource, {
      headers: {
        ...VERSION,
        'mcp-session-id': id,
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
      },
      signal,
    });

  it('keeps at most maxSessionsPerSubject per subject, closing the least recently used idle one', async () => {
    const token = await fx.token('mcp:tools:weather');
    const viaOtherClient = await fx.token('mcp:tools:weather', { clientId: 'client-2' });
    const a = await open(token);
    const b = await open(viaOtherClient);
    const aborts = new AbortController();
    // a is busy with an open SSE stream: b (idle) makes room for c
    expect((await stream(token, a, aborts.signal)).status).toBe(200);
    const c = await open(token);
    expect(c).not.toBe('');
    expect(
      (await fx.post(viaOtherClient, rpc('ping'), { ...VERSION, 'mcp-session-id': b })).status,
    ).toBe(404);
    // both remaining sessions busy: a new one is refused
    expect((await stream(token, c, aborts.signal)).status).toBe(200);
    const refused = await initialize(token);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: -32000 } });
    // another subject is not affected
    expect(await open(await fx.token('mcp:tools:weather', { subject: 'bob' }))).not.toBe('');
    aborts.abort();
  });

  it('answers GET and DELETE of a stateless endpoint with 405 (after authentication)', async () => {
    const stateless = await startFixture({ sessions: 'stateless' });
    try {
      const token = await stateless.token('mcp:tools:weather');
      for (const method of ['GET', 'DELETE']) {
        const response = await fetch(stateless.resource, {
          method,
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        });
        expect(response.status, method).toBe(405);
        expect(response.headers.get('allow')).toBe('POST, OPTIONS');
      }
    } finally {
      await stateless.close();
    }
  });
});
