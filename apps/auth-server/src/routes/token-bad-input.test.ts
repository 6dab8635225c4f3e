import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClient, auditEvents, postForm, startTestServer } from '../testing/test-server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** A raw request, so the test controls every byte and header. */
function raw(url: string, method: string, headers: Record<string, string>, body?: Buffer | string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    },
  );
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('bad input at /token, /revoke, /introspect: RFC errors, never a 500 or a stack', () => {
  let server: Server;
  let clientId: string;
  beforeAll(async () => {
    server = await startTestServer();
    clientId = (await addClient(server, { token_endpoint_auth_method: 'none' })).clientId;
  });
  afterAll(() => server.close());

  const cases: Array<
    [string, string, Record<string, string>, string | Buffer | undefined, number, string]
  > = [
    [
      'JSON body',
      'POST',
      { 'content-type': 'application/json' },
      '{"grant_type":"client_credentials"}',
      400,
      'invalid_request',
    ],
    ['no content type', 'POST', {}, 'grant_type=x', 400, 'invalid_request'],
    [
      'multipart',
      'POST',
      { 'content-type': 'multipart/form-data; boundary=x' },
      '--x--',
      400,
      'invalid_request',
    ],
    [
      'latin-1 charset',
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' },
      'a=b',
      400,
      'invalid_request',
    ],
    [
      'duplicate grant_type',
      'POST',
      FORM,
      'grant_type=authorization_code&grant_type=client_credentials&client_id=x',
      400,
      'invalid_request',
    ],
    [
      'duplicate client_id',
      'POST',
      FORM,
      'grant_type=client_credentials&client_id=a&client_id=b',
      400,
      'invalid_request',
    ],
    ['invalid UTF-8', 'POST', FORM, Buffer.from([0x61, 0x3d, 0xff, 0xfe]), 400, 'invalid_request'],
    ['bad percent-encoding', 'POST', FORM, 'client_id=%ff%fe&grant_type=x', 400, 'invalid_request'],
    ['no grant_type', 'POST', FORM, 'client_id=CLIENT', 400, 'invalid_request'],
    [
      'unknown grant_type',
      'POST',
      FORM,
      'client_id=CLIENT&grant_type=password',
      400,
      'unsupported_grant_type',
    ],
    [
      '__proto__ grant_type',
      'POST',
      FORM,
      'client_id=CLIENT&grant_type=__proto__',
      400,
      'unsupported_grant_type',
    ],
    [
      'implicit grant_type',
      'POST',
      FORM,
      'client_id=CLIENT&grant_type=implicit',
      400,
      'unsupported_grant_type',
    ],
    ['no client', 'POST', FORM, 'grant_type=client_credentials', 401, 'invalid_client'],
    [
      'unknown client',
      'POST',
      FORM,
      'grant_type=client_credentials&client_id=nobody',
      401,
      'invalid_client',
    ],
    [
      'Bearer header',
      'POST',
      { ...FORM, authorization: 'Bearer abc' },
      'grant_type=client_credentials',
      401,
      'invalid_client',
    ],
    [
      'Basic not base64',
      'POST',
      { ...FORM, authorization: 'Basic !!!' },
      'grant_type=client_credentials',
      401,
      'invalid_client',
    ],
    [
      'Basic bad escape',
      'POST',
      { ...FORM, authorization: `Basic ${Buffer.from('%zz:%zz').toString('base64')}` },
      'grant_type=client_credentials',
      401,
      'invalid_client',
    ],
    [
      'malformed scope',
      'POST',
      FORM,
      'client_id=CLIENT&grant_type=refresh_token&refresh_token=x&scope=a%20%20b',
      400,
      'invalid_scope',
    ],
    ['GET', 'GET', {}, undefined, 405, 'invalid_request'],
    ['PUT', 'PUT', FORM, 'a=b', 405, 'invalid_request'],
  ];

  for (const [name, method, headers, body, status, error] of cases) {
    it(`${name} -> ${status} ${error}`, async () => {
      const payload = typeof body === 'string' ? body.replace('CLIENT', clientId) : body;
      for (const path of ['/token', ...(status === 405 ? ['/revoke', '/introspect'] : [])]) {
        const response = await raw(`${server.url}${path}`, method, headers, payload);
        expect(response.status).toBe(status);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(JSON.parse(response.text).error).toBe(error);
        expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/);
      }
    });
  }

  it('a body over the cap is 413, by Content-Length and while streaming', async () => {
    const huge = `grant_type=client_credentials&x=${'a'.repeat(40_000)}`;
    for (const path of ['/token', '/revoke', '/introspect']) {
      const declared = await raw(`${server.url}${path}`, 'POST', FORM, huge);
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.text).error).toBe('invalid_request');
      const chunked = await raw(
        `${server.url}${path}`,
        'POST',
        { ...FORM, 'transfer-encoding': 'chunked' },
        huge,
      );
      expect(chunked.status).toBe(413);
    }
    const register = await raw(
      `${server.url}/register`,
      'POST',
      { 'content-type': 'application/json' },
      JSON.stringify({ x: 'a'.repeat(20_000) }),
    );
    expect(register.status).toBe(413);
  });

  it('a body streamed past the cap: 413, the connection closed, audited as ERR_AS_REQUEST_TOO_LARGE', async () => {
    const huge = `grant_type=client_credentials&x=${'a'.repeat(40_000)}`;
    const chunked = await raw(
      `${server.url}/token`,
      'POST',
      { ...FORM, 'transfer-encoding': 'chunked' },
      huge,
    );
    expect(chunked.status).toBe(413);
    expect(chunked.headers.connection).toBe('close');
    const events = await auditEvents(server);
    expect(events.map((event) => event.reason)).toContain('ERR_AS_REQUEST_TOO_LARGE');
  });

  it('records each refusal with its code, never the secrets sent', async () => {
    await postForm(`${server.url}/token`, {
      grant_type: 'client_credentials',
      client_id: 'nobody',
      client_secret: 'S3cretValue',
    });
    const events = await auditEvents(server);
    const rejected = events.filter((event) => event.type === 'token.rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const event of rejected) expect(event.reason).toMatch(/^ERR_[A-Z0-9_]+$/);
    expect(JSON.stringify(events)).not.toContain('S3cretValue');
  });
});
