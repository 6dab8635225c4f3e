import { parseBearerChallenge } from '@gatehouse/discovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
