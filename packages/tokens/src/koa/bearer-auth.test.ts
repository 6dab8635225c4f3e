import { connect } from 'node:net';
import { GatehouseError } from '@gatehouse/errors';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { type AccessTokenVerifier, TokenError, type VerifiedAccessToken } from '../index.js';
import { RESOURCE, RESOURCE_METADATA, startServer, type TestServer } from '../testing/fixtures.js';
import { type BearerAuthOptions, bearerAuth } from './index.js';

const AUTH: VerifiedAccessToken = Object.freeze({
  subject: 'user-1',
  clientId: 'client-1',
  scopes: ['files:read'],
  audience: [RESOURCE],
  expiresAt: 2_000_000_000,
  claims: {},
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Harness {
  url: string;
  errors: unknown[];
  seen: string[];
}

async function serve(
  verify: AccessTokenVerifier['verify'],
  options: Partial<BearerAuthOptions> = {},
  before?: Koa.Middleware,
  after?: Koa.Middleware,
): Promise<Harness> {
  const app = new Koa();
  const harness: Harness = { url: '', errors: [], seen: [] };
  app.silent = true;
  app.on('error', (error: unknown) => harness.errors.push(error));
  if (before) app.use(before);
  app.use(
    bearerAuth({
      verifier: {
        verify: (token) => {
          harness.seen.push(token);
          return verify(token);
        },
      },
      resourceMetadataUrl: RESOURCE_METADATA,
      scope: ['files:read', 'files:write'],
      ...options,
    }),
  );
  app.use(
    after ??
      ((ctx) => {
        ctx.body = { auth: ctx.state.auth };
      }),
  );
  server = await startServer(app.callback());
  harness.url = server.url;
  return harness;
}

const NO_TOKEN_CHALLENGE = `Bearer resource_metadata="${RESOURCE_METADATA}", scope="files:read files:write"`;

function challenge(error: string, description: string): string {
  return `Bearer error="${error}", scope="files:read files:write", resource_metadata="${RESOURCE_METADATA}", error_description="${description}"`;
}

/** Sends a request with exactly these raw header lines (fetch would merge repeated headers). */
function rawRequest(url: string, headerLines: string[]): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.write(
      `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headerLines.join('\r\n')}\r\n\r\n`,
    );
  });
}

describe('bearerAuth', () => {
  it('passes a verified token on as ctx.state.auth', async () => {
    const app = await serve(async () => AUTH);
    const response = await fetch(`${app.url}/mcp`, { headers: { Authorization: 'bEaReR tok.en' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ auth: AUTH });
    expect(app.seen).toEqual(['tok.en']);
  });

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwdw==' }],
  ])('answers %s with 401 and a challenge without error (MCP R4)', async (_name, headers) => {
    const app = await serve(async () => AUTH);
    const response = await fetch(`${app.url}/mcp`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(NO_TOKEN_CHALLENGE);
    expect(app.seen).toEqual([]);
  });

  it.each([
    ['a token in the query', '/mcp?access_token=abc', {}],
    [
      'a token in the query and the header',
      '/mcp?access_token=abc',
      { authorization: 'Bearer abc' },
    ],
    ['a malformed Bearer header', '/mcp', { authorization: 'Bearer two words' }],
    ['an empty Bearer header', '/mcp', { authorization: 'Bearer' }],
  ])('answers %s with 400 invalid_request (R7, R8)', async (_name, path, headers) => {
    const app = await serve(async () => AUTH);
    const response = await fetch(`${app.url}${path}`, { headers });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_request');
    expect(response.headers.get('www-authenticate')).toBe(
      challenge('invalid_request', body.error_description),
    );
    expect(app.seen).toEqual([]);
  });

  it('answers a token in a parsed body with 400 invalid_request', async () => {
    const app = await serve(
      async () => AUTH,
      {},
      async (ctx, next) => {
        (ctx.request as { body?: unknown }).body = { access_token: 'abc' };
        await next();
      },
    );
    const response = await fetch(`${app.url}/mcp`, { headers: { authorization: 'Bearer abc' } });
    expect(response.status).toBe(400);
    expect(app.seen).toEqual([]);
  });

  it('answers two Authorization headers with 400 invalid_request, even when both are valid', async () => {
    const app = await serve(async () => AUTH);
    const reply = await rawRequest(app.url, [
      'Authorization: Bearer aaa',
      'Authorization: Bearer bbb',
    ]);
    expect(reply.startsWith('HTTP/1.1 400')).toBe(true);
    expect(reply).toContain('error="invalid_request"');
    expect(app.seen).toEqual([]);
  });

  it('answers a rejected token with 401 invalid_token and its description', async () => {
    const app = await serve(async () => {
      throw new TokenError('ERR_TOKEN_EXPIRED', 'the token has expired');
    });
    const response = await fetch(`${app.url}/mcp`, { headers: { authorization: 'Bearer abc' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      challenge('invalid_token', 'the token has expired'),
    );
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: 'the token has expired',
    });
    expect(app.errors).toEqual([]);
  });

  it('answers an invalid_token error from a custom verifier with 401 too', async () => {
    const app = await serve(async () => {
      throw new GatehouseError('ERR_MY_TOKEN_UNKNOWN', 'unknown', {
        oauthError: 'invalid_token',
        description: 'the token is unknown',
      });
    });
    const response = await fetch(`${app.url}/mcp`, { headers: { authorization: 'Bearer abc' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      challenge('invalid_token', 'the token is unknown'),
    );
  });

  it.each([
    ['a bug in the verifier', new Error('db password is hunter2')],
    ['a key source outage', new TokenError('ERR_TOKEN_JWKS_UNAVAILABLE', 'jwks down at 10.0.0.7')],
    ['a non-error throw', 'string thrown'],
  ])('turns %s into 500 server_error without detail, and reports it', async (_name, thrown) => {
    const app = await serve(async () => {
      throw thrown;
    });
    const response = await fetch(`${app.url}/mcp`, { headers: { authorization: 'Bearer abc' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.text()).toBe('{"error":"server_error"}');
    expect(app.errors).toEqual([thrown]);
  });

  it('lets errors from later middleware through untouched', async () => {
    const downstream = new TokenError('ERR_TOKEN_EXPIRED', 'not from the bearer token');
    const app = await serve(
      async () => AUTH,
      {},
      undefined,
      () => {
        throw downstream;
      },
    );
    await fetch(`${app.url}/mcp`, { headers: { authorization: 'Bearer abc' } });
    expect(app.errors).toEqual([downstream]);
  });

  it('checks its options at startup', () => {
    const verifier = { verify: async () => AUTH };
    const bad: unknown[] = [
      undefined,
      { resourceMetadataUrl: RESOURCE_METADATA },
      { verifier: {}, resourceMetadataUrl: RESOURCE_METADATA },
      { verifier, resourceMetadataUrl: '/relative' },
      { verifier, resourceMetadataUrl: RESOURCE_METADATA, realm: 'x' },
    ];
    for (const options of bad) expect(() => bearerAuth(options as never)).toThrow(TypeError);
    expect(() =>
      bearerAuth({ verifier, resourceMetadataUrl: RESOURCE_METADATA, scope: 'bad"scope' }),
    ).toThrow();
  });
});
