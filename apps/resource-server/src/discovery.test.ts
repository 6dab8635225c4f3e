import { parseBearerChallenge } from '@gatehouse/discovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, rpc, startFixture } from './testing/fixture.js';

describe('resource server: discovery and token validation', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it('answers a request without a token with 401 and the PRM challenge (R4)', async () => {
    const response = await fx.post(undefined, rpc('tools/list'));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${fx.server.resourceMetadataUrl}", scope="mcp:tools:weather"`,
    );
  });

  it('serves the PRM at both well-known paths, with the minimal scopes_supported (R1, R2)', async () => {
    const origin = new URL(fx.server.url).origin;
    expect(fx.server.resourceMetadataUrl).toBe(
      `${origin}/.well-known/oauth-protected-resource/mcp`,
    );
    for (const url of [
      fx.server.resourceMetadataUrl,
      `${origin}/.well-known/oauth-protected-resource`,
    ]) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(await response.json()).toEqual({
        resource: fx.server.url,
        authorization_servers: [fx.as.issuer],
        bearer_methods_supported: ['header'],
        scopes_supported: ['mcp:tools:weather'],
        resource_name: 'Gatehouse sample MCP server',
      });
    }
  });

  it('verifies a JWT with the keys found through the issuer metadata (jwks_uri)', async () => {
    const response = await fx.post(await fx.as.token('mcp:tools:weather'), rpc('ping'));
    expect(response.status).toBe(200);
    expect(fx.as.jwksFetches()).toBeGreaterThan(0);
  });

  it('refuses a token minted for another resource, and a malformed one, with 401 invalid_token (R5, R11)', async () => {
    const origin = new URL(fx.server.url).origin;
    const tokens = [
      await fx.as.token('mcp:tools:weather', { audience: `${origin}/other` }),
      await fx.as.token('mcp:tools:weather', { audience: 'https://mcp.example.com/mcp' }),
      'not-a-jwt',
    ];
    for (const token of tokens) {
      const response = await fx.post(
        token,
        rpc('tools/call', { name: 'weather', arguments: { city: 'Oslo' } }),
      );
      expect(response.status).toBe(401);
      expect(parseBearerChallenge(response.headers.get('www-authenticate') ?? '')?.error).toBe(
        'invalid_token',
      );
    }
  });

  it('refuses the same token through the SDK client (it never reaches a handler)', async () => {
    const token = await fx.as.token('mcp:tools:weather', {
      audience: 'https://mcp.example.com/mcp',
    });
    await expect(fx.connect(token)).rejects.toThrow();
  });

  it('takes tokens only from the Authorization header (R8): a query token is a 400', async () => {
    const token = await fx.as.token('mcp:tools:weather');
    const response = await fetch(`${fx.server.url}?access_token=${token}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify(rpc('ping')),
    });
    expect(response.status).toBe(400);
  });

  it('requires a token for GET and DELETE too', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(fx.server.url, {
        method,
        headers: { accept: 'text/event-stream' },
      });
      expect(response.status, method).toBe(401);
    }
  });

  it('refuses a foreign Origin with 403 (R14), and lets a loopback one through', async () => {
    const token = await fx.as.token('mcp:tools:weather');
    const foreign = await fx.post(token, rpc('ping'), { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const local = await fx.post(token, rpc('ping'), { origin: new URL(fx.server.url).origin });
    expect(local.status).toBe(200);
  });
});
