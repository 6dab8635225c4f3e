import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, rpc, startFixture } from './test-fixture.js';

describe('Origin validation and CORS (R14)', () => {
  let fx: Fixture;
  let listed: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
    listed = await startFixture({ allowedOrigins: ['https://app.example.com'] });
  });
  afterAll(async () => {
    await fx.close();
    await listed.close();
  });

  it('refuses a foreign Origin with 403 before anything else, preflight included', async () => {
    const token = await fx.token('mcp:tools:weather');
    const response = await fx.post(token, rpc('tools/list'), { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32000,
        message: 'Forbidden: this Origin is not allowed',
        data: { code: 'ERR_MCP_ORIGIN_REFUSED' },
      },
    });
    const preflight = await fetch(fx.resource, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    // a DNS-rebinding page reaches the loopback server under its own name
    const rebound = await fx.post(token, rpc('tools/list'), {
      origin: 'http://attacker.example:8080',
    });
    expect(rebound.status).toBe(403);
  });

  it('answers an allowed preflight without credentials, and exposes the auth and session headers', async () => {
    const origin = 'http://localhost:6274'; // a loopback origin, allowed for a loopback resource
    const preflight = await fetch(fx.resource, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, mcp-protocol-version',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toBe(
      'GET, POST, DELETE, OPTIONS',
    );
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    const challenged = await fx.post(undefined, rpc('tools/list'), { origin });
    expect(challenged.status).toBe(401);
    expect(challenged.headers.get('access-control-allow-origin')).toBe(origin);
    expect(challenged.headers.get('access-control-expose-headers')).toBe(
      'WWW-Authenticate, Mcp-Session-Id, Mcp-Protocol-Version',
    );
    const token = await fx.token('mcp:tools:weather');
    const served = await fx.post(token, rpc('tools/list'), { origin });
    expect(served.status).toBe(200);
    expect(served.headers.get('access-control-allow-origin')).toBe(origin);
    expect(served.headers.get('vary')).toContain('Origin');
  });

  it('follows a configured allow-list exactly', async () => {
    const token = await listed.token('mcp:tools:weather');
    expect(
      (await listed.post(token, rpc('tools/list'), { origin: 'https://app.example.com' })).status,
    ).toBe(200);
    for (const origin of [
      'http://localhost:6274',
      'https://app.example.com.evil.example',
      'null',
      listed.origin,
    ]) {
      expect((await listed.post(token, rpc('tools/list'), { origin })).status, origin).toBe(403);
    }
  });

  it('refuses a request carrying two Origin headers', async () => {
    const rawPost = (origins: string[]) => {
      const url = new URL(fx.resource);
      const headers = ['Host', url.host, 'Content-Type', 'application/json'];
      for (const origin of origins) headers.push('Origin', origin);
      return new Promise<number>((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    };
    expect(await rawPost([fx.origin])).toBe(401); // one allowed Origin: on to authentication
    expect(await rawPost([fx.origin, 'https://evil.example'])).toBe(403);
    expect(await rawPost([fx.origin, fx.origin])).toBe(403);
  });
});

describe('body limits and malformed JSON-RPC', () => {
  let fx: Fixture;
  let token = '';
  beforeAll(async () => {
    fx = await startFixture({ maxBodyBytes: 2048 });
    token = await fx.token('mcp:tools:*');
  });
  afterAll(() => fx.close());

  const expectJsonRpcError = async (
    response: Response,
    status: number,
    code: number,
    errorCode: string,
  ) => {
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({
      jsonrpc: '2.0',
      error: { code, data: { code: errorCode } },
    });
    expect(text).not.toMatch(/\bat \S+ \(|Error:|node_modules/);
  };

  it('answers an oversized body with 413', async () => {
    const big = {
      ...rpc('tools/call', { name: 'weather', arguments: { city: 'x'.repeat(4096) } }),
    };
    await expectJsonRpcError(await fx.post(token, big), 413, -32000, 'ERR_MCP_BODY_TOO_LARGE');
  });

  it('answers an oversized chunked body (no Content-Length) with 413 too, reading no further', async () => {
    const url = new URL(fx.resource);
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => {
              text += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.write(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"`);
        for (let i = 0; i < 8; i++) req.write('x'.repeat(1024));
        req.end('"}}');
      },
    );
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { data: { code: 'ERR_MCP_BODY_TOO_LARGE' } } });
  });

  it('answers unparsable JSON with -32700 and non-JSON-RPC with -32600, never a stack trace', async () => {
    for (const body of ['{"jsonrpc":', '\u00ff', 'nul']) {
      await expectJsonRpcError(await fx.post(token, body), 400, -32700, 'ERR_MCP_PARSE_ERROR');
    }
    for (const body of [
      '"x"',
      '[]',
      '{}',
      '{"jsonrpc":"1.0","id":1,"method":"ping"}',
      '{"jsonrpc":"2.0","id":{},"method":"ping"}',
      '{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}',
    ]) {
      await expectJsonRpcError(await fx.post(token, body), 400, -32600, 'ERR_MCP_INVALID_REQUEST');
    }
  });

  it('answers a batch over the limit with -32600 and a call without its params with -32602', async () => {
    const small = await startFixture({ maxBatch: 2 });
    try {
      const smallToken = await small.token('mcp:tools:*');
      await expectJsonRpcError(
        await small.post(smallToken, [rpc('ping', {}, 1), rpc('ping', {}, 2), rpc('ping', {}, 3)]),
        400,
        -32600,
        'ERR_MCP_INVALID_REQUEST',
      );
    } finally {
      await small.close();
    }
    await expectJsonRpcError(
      await fx.post(token, rpc('tools/call', {})),
      400,
      -32602,
      'ERR_MCP_INVALID_PARAMS',
    );
  });

  it('answers a body that is not application/json with 415', async () => {
    await expectJsonRpcError(
      await fx.post(token, JSON.stringify(rpc('ping')), { 'content-type': 'text/plain' }),
      415,
      -32000,
      'ERR_MCP_CONTENT_TYPE',
    );
  });

  it('decides nothing for other methods: 405 before authentication', async () => {
    for (const method of ['PUT', 'PATCH']) {
      const response = await fetch(fx.resource, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(rpc('tools/call', { name: 'shell', arguments: {} })),
      });
      expect(response.status, method).toBe(405);
    }
  });
});

describe('the id of a refusal (JSON-RPC 2.0 section 5)', () => {
  let fx: Fixture;
  let token = '';
  beforeAll(async () => {
    fx = await startFixture({ jsonResponse: true });
    token = await fx.token('mcp:tools:*');
  });
  afterAll(() => fx.close());

  const idOf = async (response: Response): Promise<unknown> => {
    expect(response.status).toBeGreaterThanOrEqual(400);
    return ((await response.json()) as { id?: unknown }).id;
  };

  it('answers a refusal about one request under its id, a number or a string', async () => {
    const nameless = await fx.post(token, rpc('tools/call', { name: '' }, 9));
    expect(nameless.status).toBe(400);
    expect(await nameless.json()).toMatchObject({
      jsonrpc: '2.0',
      id: 9,
      error: { code: -32602, data: { code: 'ERR_MCP_INVALID_PARAMS' } },
    });
    expect(await idOf(await fx.post(token, rpc('tools/call', {}, 'call-1')))).toBe('call-1');
    const task = await fx.post(token, rpc('tools/list', { task: { ttl: 1000 } }, 'list-1'));
    expect(await idOf(task)).toBe('list-1');
  });

  it('answers null for a batch, and for a body whose id cannot be read', async () => {
    const batch = [rpc('tools/call', { name: '' }, 9), rpc('ping', {}, 10)];
    expect(await idOf(await fx.post(token, batch))).toBeNull();
    const repeated = [rpc('ping', {}, 7), rpc('tools/list', {}, 7)];
    expect(await idOf(await fx.post(token, repeated))).toBeNull();
    for (const body of [
      '{bad',
      '{"jsonrpc":"1.0","id":9,"method":"ping"}',
      '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":[]}',
    ]) {
      expect(await idOf(await fx.post(token, body)), body).toBeNull();
    }
    const notJson = await fx.post(token, JSON.stringify(rpc('tools/call', {}, 9)), {
      'content-type': 'text/plain',
    });
    expect(await idOf(notJson)).toBeNull();
  });

  it('answers null for refusals about the HTTP request: Origin, method', async () => {
    const call = rpc('tools/call', { name: '' }, 9);
    expect(await idOf(await fx.post(token, call, { origin: 'https://evil.example' }))).toBeNull();
    const put = await fetch(fx.resource, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(call),
    });
    expect(await idOf(put)).toBeNull();
  });
});
