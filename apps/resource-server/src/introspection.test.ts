import { parseBearerChallenge } from '@gatehouse/discovery';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Fixture, jsonContentOf, rpc, startFixture, textOf } from './testing/fixture.js';

describe('resource server: opaque tokens by introspection (RFC 7662)', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture((as) => ({
      introspectionUrl: `${as.issuer}/introspect`,
      introspectionClientId: as.introspectionClient.id,
      introspectionClientSecret: as.introspectionClient.secret,
    }));
  });
  afterAll(() => fx.close());

  it('serves an active opaque token through the SDK client, with its claims', async () => {
    const token = fx.as.opaqueToken('mcp:tools:weather mcp:resources:customer-data:read', {
      subject: 'carol',
      tenant: 'globex',
    });
    const { client } = await fx.connect(token);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['weather']);
    const result = await client.callTool({ name: 'weather', arguments: { city: 'Rome' } });
    expect(textOf(result)).toContain('asked by carol');
    const record = await client.readResource({ uri: 'customers://records/2001' });
    expect(jsonContentOf(record)).toMatchObject({ tenant: 'globex' });
    await expect(client.readResource({ uri: 'customers://records/1001' })).rejects.toMatchObject({
      code: 403,
    });
    expect(fx.as.jwksFetches()).toBe(0);
  });

  it('refuses an unknown token, a revoked one and one for another resource with 401 invalid_token', async () => {
    const revoked = fx.as.opaqueToken('mcp:tools:weather');
    fx.as.revoke(revoked);
    const tokens = [
      'unknown-opaque-token',
      revoked,
      fx.as.opaqueToken('mcp:tools:weather', { audience: 'https://mcp.example.com/mcp' }),
      await fx.as.token('mcp:tools:weather'), // a JWT is just another token to introspect
    ];
    for (const token of tokens) {
      const response = await fx.post(token, rpc('ping'));
      expect(response.status).toBe(401);
      expect(parseBearerChallenge(response.headers.get('www-authenticate') ?? '')?.error).toBe(
        'invalid_token',
      );
    }
  });
});

describe('resource server: a revoked opaque token stops working within the introspection cache lifetime', () => {
  const start = (introspectionCacheSeconds?: number) =>
    startFixture((as) => ({
      introspectionUrl: `${as.issuer}/introspect`,
      introspectionClientId: as.introspectionClient.id,
      introspectionClientSecret: as.introspectionClient.secret,
      ...(introspectionCacheSeconds === undefined ? {} : { introspectionCacheSeconds }),
    }));
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks on every request with --introspection-cache-seconds 0: revoked is refused at once', async () => {
    const fx = await start(0);
    try {
      const token = fx.as.opaqueToken('mcp:tools:weather');
      expect((await fx.post(token, rpc('ping'))).status).toBe(200);
      fx.as.revoke(token);
      expect((await fx.post(token, rpc('ping'))).status).toBe(401);
    } finally {
      await fx.close();
    }
  });

  it('reuses an active answer for 5 seconds by default, then asks again', async () => {
    const fx = await start();
    try {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const token = fx.as.opaqueToken('mcp:tools:weather');
      expect((await fx.post(token, rpc('ping'))).status).toBe(200);
      fx.as.revoke(token);
      vi.setSystemTime(Date.now() + 4_000);
      expect((await fx.post(token, rpc('ping'))).status).toBe(200); // within the 5 s
      vi.setSystemTime(Date.now() + 2_000);
      const refused = await fx.post(token, rpc('ping'));
      expect(refused.status).toBe(401);
      expect(parseBearerChallenge(refused.headers.get('www-authenticate') ?? '')?.error).toBe(
        'invalid_token',
      );
    } finally {
      vi.useRealTimers();
      await fx.close();
    }
  });
});
