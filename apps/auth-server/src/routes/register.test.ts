import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../config.js';
import { auditEvents, startTestServer } from '../testing/test-server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

function register(server: Server, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('POST /register (RFC 7591)', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('registers a public client with CORS, and records client.registered', async () => {
    const response = await register(
      server,
      {
        client_name: 'Inspector',
        redirect_uris: ['http://127.0.0.1:6274/oauth/callback'],
        token_endpoint_auth_method: 'none',
      },
      { origin: 'http://localhost:6274' },
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body.client_id).not.toMatch(/^https:/);
    expect(body.client_secret).toBeUndefined();
    const stored = await server.context.store.clients.get(body.client_id, server.context.now());
    expect(stored?.metadata.client_name).toBe('Inspector');
    const events = await auditEvents(server);
    const registered = events.filter((e) => e.type === 'client.registered');
    expect(registered.map((e) => [e.target?.id, e.details?.authMethod])).toEqual([
      [body.client_id, 'none'],
    ]);
  });

  it('a confidential client gets a secret that works at /token', async () => {
    const body = await (
      await register(server, {
        redirect_uris: ['https://app.example/cb'],
        token_endpoint_auth_method: 'client_secret_post',
      })
    ).json();
    expect(body.client_secret).toBeTypeOf('string');
    const response = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: 'https://app.example/cb',
        client_id: body.client_id,
        client_secret: body.client_secret,
      }),
    });
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses bad metadata and records client.rejected', async () => {
    const response = await register(server, { redirect_uris: ['http://evil.example/cb'] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_redirect_uri' });
    const cc = await register(server, {
      redirect_uris: ['https://app.example/cb'],
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(await cc.json()).toMatchObject({ error: 'invalid_client_metadata' });
    const scope = await register(server, {
      redirect_uris: ['https://app.example/cb'],
      scope: 'admin:all',
    });
    expect(await scope.json()).toMatchObject({ error: 'invalid_client_metadata' });
    const events = await auditEvents(server);
    expect(
      events.filter((e) => e.type === 'client.rejected').map((e) => [e.reason, e.details?.status]),
    ).toEqual([
      ['ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP', 400],
      ['ERR_REGISTRATION_GRANT_TYPE', 400],
      ['ERR_REGISTRATION_SCOPE_NOT_ALLOWED', 400],
    ]);
  });

  it('a burst of 1,000 registrations from one address is cut off by the rate limit', async () => {
    const limited = await startTestServer({
      rateLimits: { register: DEFAULT_RATE_LIMITS.register },
    });
    try {
      const statuses: number[] = [];
      for (let batch = 0; batch < 20; batch++) {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            register(limited, {
              redirect_uris: [`http://127.0.0.1:${2000 + batch * 50 + i}/cb`],
              client_name: `c${batch}-${i}`,
            }).then(async (response) => {
              await response.arrayBuffer();
              return response.status;
            }),
          ),
        );
        statuses.push(...results);
      }
      const created = statuses.filter((status) => status === 201).length;
      expect(created).toBe(DEFAULT_RATE_LIMITS.register.points);
      expect(statuses.filter((status) => status === 429)).toHaveLength(1000 - created);
      const throttled = await register(limited, { redirect_uris: ['http://127.0.0.1:1/cb'] });
      expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  }, 60_000);
});
