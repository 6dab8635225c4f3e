import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ClientStore,
  createMemoryClientStore,
  createRegistrationPolicy,
  type RegistrationPolicy,
} from '../index.js';
import {
  type RateLimitDecision,
  type RegisteredClient,
  type RegistrationEndpointOptions,
  type RegistrationRejection,
  registrationEndpoint,
} from './index.js';

const policy = createRegistrationPolicy({ allowedScopes: ['mcp:tools:*'] });
const PUBLIC = {
  client_name: 'Client',
  redirect_uris: ['http://127.0.0.1:33418/callback'],
  token_endpoint_auth_method: 'none',
};
let server: Server | undefined;
const appErrors: unknown[] = [];

async function start(options: Partial<RegistrationEndpointOptions> = {}): Promise<string> {
  const app = new Koa();
  app.silent = true;
  app.on('error', (error: unknown) => appErrors.push(error));
  app.use(registrationEndpoint({ store: createMemoryClientStore(), policy, ...options }));
  app.use((ctx) => {
    ctx.body = 'next';
  });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  appErrors.length = 0;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function post(
  base: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${base}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('registrationEndpoint (Koa)', () => {
  it('answers 201 with the registration and Cache-Control: no-store', async () => {
    const base = await start();
    const response = await post(base, PUBLIC);
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      ...PUBLIC,
      application_type: 'native',
      grant_types: ['authorization_code'],
    });
    expect(typeof body.client_id).toBe('string');
  });

  it.each<[string, unknown, number, Record<string, string>]>([
    [
      'an http redirect URI',
      { ...PUBLIC, redirect_uris: ['http://evil.example/cb'] },
      400,
      {
        error: 'invalid_redirect_uri',
        error_description: 'redirect_uri may use http only on a loopback host',
      },
    ],
    [
      'an http redirect URI to a remote host disguised by `://127.0.0.1` in its query',
      { ...PUBLIC, redirect_uris: ['http:evil.example/cb?x=://127.0.0.1'] },
      400,
      {
        error: 'invalid_redirect_uri',
        error_description: 'redirect_uri may use http only on a loopback host',
      },
    ],
    [
      'a private_key_jwt key with a deeply nested member (not a 500)',
      `{"redirect_uris":["https://app.example/cb"],"token_endpoint_auth_method":"private_key_jwt","jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","z":${'['.repeat(6000)}${']'.repeat(6000)}}]}}`,
      400,
      {
        error: 'invalid_client_metadata',
        error_description: 'jwks key members must be strings, numbers, booleans or string arrays',
      },
    ],
    [
      'a fragment',
      { ...PUBLIC, redirect_uris: ['https://app.example/cb#x'] },
      400,
      { error: 'invalid_redirect_uri', error_description: 'redirect_uri must not have a fragment' },
    ],
    [
      'a scope outside the policy',
      { ...PUBLIC, scope: 'mcp:admin' },
      400,
      {
        error: 'invalid_client_metadata',
        error_description: 'scope mcp:admin is not allowed for clients',
      },
    ],
    [
      'the implicit grant',
      { ...PUBLIC, grant_types: ['implicit'] },
      400,
      {
        error: 'invalid_client_metadata',
        error_description:
          'grant type implicit is not supported; use authorization_code, refresh_token',
      },
    ],
    [
      'a JSON array',
      [PUBLIC],
      400,
      {
        error: 'invalid_client_metadata',
        error_description: 'client metadata must be a JSON object',
      },
    ],
    [
      'malformed JSON',
      '{"redirect_uris":',
      400,
      { error: 'invalid_request', error_description: 'the request body is not valid JSON' },
    ],
  ])('answers %s with the exact OAuth error', async (_name, body, status, expected) => {
    const base = await start();
    const response = await post(base, body);
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(expected);
  });

  it('refuses a non-JSON content type', async () => {
    const base = await start();
    const response = await post(base, 'redirect_uris=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'the request body must be application/json',
    });
  });

  it('refuses a body over the size limit with 413, declared or streamed', async () => {
    const base = await start({ maxBodyBytes: 1024 });
    const big = { ...PUBLIC, client_name: 'x'.repeat(5000) };
    const declared = await post(base, big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      error: 'invalid_request',
      error_description: 'the request body is over 1024 bytes',
    });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
        controller.close();
      },
    });
    const streamed = await fetch(`${base}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('calls the rate-limit hook first and answers 429 with Retry-After', async () => {
    const seen: string[] = [];
    const rateLimit = (ctx: { ip: string }): RateLimitDecision => {
      seen.push(ctx.ip);
      return seen.length > 2 ? { allowed: false, retryAfterSeconds: 30 } : { allowed: true };
    };
    const base = await start({ rateLimit });
    expect((await post(base, PUBLIC)).status).toBe(201);
    expect((await post(base, { ...PUBLIC, client_name: 'Other' })).status).toBe(201);
    const limited = await post(base, PUBLIC);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.headers.get('cache-control')).toBe('no-store');
    expect(await limited.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'too many registration requests',
    });
  });

  it('answers 503 at the client cap, across a burst of 1,000 registrations', async () => {
    const capped: RegistrationPolicy = createRegistrationPolicy({
      allowedScopes: [],
      maxActiveClients: 25,
      deduplicate: false,
    });
    const store: ClientStore = createMemoryClientStore();
    const base = await start({ policy: capped, store });
    const statuses: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          post(base, { ...PUBLIC, client_name: `bot ${batch}-${i}` }),
        ),
      );
      for (const response of responses) {
        statuses.push(response.status);
        await response.arrayBuffer();
      }
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(25);
    expect(statuses.filter((status) => status === 503)).toHaveLength(975);
  });

  it('answers 500 server_error for an unexpected failure, without details, and emits it', async () => {
    const broken: ClientStore = {
      ...createMemoryClientStore(),
      create: async () => {
        throw new Error('database password is hunter2');
      },
    };
    const base = await start({ store: broken });
    const response = await post(base, PUBLIC);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'server_error' });
    expect(appErrors).toHaveLength(1);
  });

  it('answers 405 to other methods, and leaves other paths alone', async () => {
    const base = await start();
    const get = await fetch(`${base}/register`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await (await fetch(`${base}/other`)).text()).toBe('next');
  });

  it('uses a body a body parser already read', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      (ctx.request as { body?: unknown }).body = PUBLIC;
      await next();
    });
    app.use(
      registrationEndpoint({ store: createMemoryClientStore(), policy, path: '/oauth/register' }),
    );
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const response = await fetch(`${base}/oauth/register`, { method: 'POST' });
    expect(response.status).toBe(201);
  });

  it('answers invalid_request, without hanging, when another middleware already drained the body', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      for await (const _chunk of ctx.req) {
        // drained without setting ctx.request.body
      }
      await next();
    });
    app.use(registrationEndpoint({ store: createMemoryClientStore(), policy }));
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const response = await post(base, PUBLIC);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'the request body is not valid JSON',
    });
  });

  it('onRegistered sees the registered client without its secret, before the answer goes out', async () => {
    const seen: Array<{ client: RegisteredClient; status: number; path: string }> = [];
    const base = await start({
      onRegistered: (client, ctx) => {
        seen.push({ client, status: ctx.status, path: ctx.path });
      },
    });
    const response = await post(base, {
      ...PUBLIC,
      token_endpoint_auth_method: 'client_secret_post',
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(201);
    expect(typeof body.client_secret).toBe('string');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.client.client_id).toBe(body.client_id);
    expect(seen[0]?.client.token_endpoint_auth_method).toBe('client_secret_post');
    expect(seen[0]?.client).not.toHaveProperty('client_secret');
    expect(JSON.stringify(seen)).not.toContain(String(body.client_secret));
    expect(seen[0]?.client.client_secret_expires_at).toBeTypeOf('number');
  });

  it('onRejected sees the code, status and OAuth error of every refused POST', async () => {
    const rejections: RegistrationRejection[] = [];
    let calls = 0;
    const base = await start({
      maxBodyBytes: 2048,
      rateLimit: () => (++calls > 4 ? { allowed: false, retryAfterSeconds: 5 } : { allowed: true }),
      onRejected: (rejection) => {
        rejections.push(rejection);
      },
    });
    await post(base, { ...PUBLIC, redirect_uris: ['http://evil.example/cb'] });
    await post(base, { ...PUBLIC, scope: 'mcp:admin' });
    await post(base, { ...PUBLIC, client_name: 'x'.repeat(4000) });
    await post(base, PUBLIC);
    await post(base, PUBLIC);
    await fetch(`${base}/register`);
    expect(rejections.map(({ code, status, error }) => ({ code, status, error }))).toEqual([
      {
        code: 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP',
        status: 400,
        error: 'invalid_redirect_uri',
      },
      { code: 'ERR_REGISTRATION_SCOPE_NOT_ALLOWED', status: 400, error: 'invalid_client_metadata' },
      { code: 'ERR_REGISTRATION_TOO_LARGE', status: 413, error: 'invalid_request' },
      { code: 'ERR_REGISTRATION_RATE_LIMITED', status: 429, error: 'temporarily_unavailable' },
    ]);
  });

  it('onRejected gets ERR_UNKNOWN for an unexpected failure', async () => {
    const rejections: RegistrationRejection[] = [];
    const broken: ClientStore = {
      ...createMemoryClientStore(),
      create: async () => {
        throw new Error('boom');
      },
    };
    const base = await start({ store: broken, onRejected: (r) => void rejections.push(r) });
    expect((await post(base, PUBLIC)).status).toBe(500);
    expect(rejections.map(({ code, status, error }) => ({ code, status, error }))).toEqual([
      { code: 'ERR_UNKNOWN', status: 500, error: 'server_error' },
    ]);
  });

  it('a hook that throws changes nothing in the answer; its error goes to the app', async () => {
    const base = await start({
      onRegistered: () => {
        throw new Error('audit sink down');
      },
      onRejected: async () => {
        throw new Error('audit sink down');
      },
    });
    expect((await post(base, PUBLIC)).status).toBe(201);
    const refused = await post(base, { ...PUBLIC, scope: 'mcp:admin' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client_metadata' });
    expect(appErrors).toHaveLength(2);
  });

  it('throws TypeError for bad options', () => {
    expect(() => registrationEndpoint({ policy } as never)).toThrow(TypeError);
    expect(() =>
      registrationEndpoint({ store: createMemoryClientStore(), policy, maxBodyBytes: 0 }),
    ).toThrow(TypeError);
    expect(() =>
      registrationEndpoint({ store: createMemoryClientStore(), policy: {} as never }),
    ).toThrow(TypeError);
    expect(() =>
      registrationEndpoint({
        store: createMemoryClientStore(),
        policy,
        onRegistered: 'audit' as never,
      }),
    ).toThrow(TypeError);
  });
});
