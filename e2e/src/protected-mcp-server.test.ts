import { verifyAuditLog } from '@gatehouse/audit';
import { discover, parseBearerChallenge } from '@gatehouse/discovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProtectedMcpServer } from './protected-mcp-server.js';

let server: Awaited<ReturnType<typeof startProtectedMcpServer>>;
beforeAll(async () => {
  server = await startProtectedMcpServer();
});
afterAll(() => server.close());

function mcpCall(body: unknown, token?: string): Promise<Response> {
  return fetch(server.resource, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
}

const callWeather = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'weather' } };
const callAdmin = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'admin' } };

describe('a protected MCP server composed from the packages', () => {
  it('answers an anonymous call with a challenge that discovery follows to the authorization server', async () => {
    const response = await mcpCall(callWeather);
    expect(response.status).toBe(401);
    const header = response.headers.get('www-authenticate');
    expect(header).toBe(
      `Bearer resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp", scope="mcp:tools:weather"`,
    );
    const found = await discover(server.resource, {
      wwwAuthenticate: header,
      allowLoopbackHttp: true,
    });
    expect(found.resource).toBe(server.resource);
    expect(found.authorizationServer.issuer).toBe(server.origin);
    expect(found.authorizationServer.code_challenge_methods_supported).toContain('S256');
  });

  it('runs a tool the token is scoped for', async () => {
    const response = await mcpCall(callWeather, await server.issueToken('mcp:tools:weather'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: 1,
      result: { content: [{ text: 'sunny' }] },
    });
  });

  it('refuses a tool outside the token scope with one insufficient_scope challenge that keeps the granted scope', async () => {
    const response = await mcpCall(callAdmin, await server.issueToken('mcp:tools:weather'));
    expect(response.status).toBe(403);
    const challenge = parseBearerChallenge(response.headers.get('www-authenticate') ?? '');
    expect(challenge?.error).toBe('insufficient_scope');
    expect(challenge?.scope).toEqual(['mcp:tools:weather', 'mcp:tools:admin']);
    expect(await response.json()).toMatchObject({ error: 'insufficient_scope' });
  });

  it('lets a wildcard scope run every tool', async () => {
    const response = await mcpCall(callAdmin, await server.issueToken('mcp:tools:*'));
    expect(response.status).toBe(200);
  });

  it('lists only the tools the token may call', async () => {
    const response = await mcpCall(
      { jsonrpc: '2.0', id: 3, method: 'tools/list' },
      await server.issueToken('mcp:tools:weather'),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { tools: [{ name: 'weather' }] } });
  });

  it('refuses a valid token minted for another resource (no passthrough)', async () => {
    const token = await server.issueToken('mcp:tools:*', 'https://other.example/mcp');
    const response = await mcpCall(callWeather, token);
    expect(response.status).toBe(401);
    expect(parseBearerChallenge(response.headers.get('www-authenticate') ?? '')?.error).toBe(
      'invalid_token',
    );
  });

  it('leaves an audit trail of every decision whose chain verifies', async () => {
    await mcpCall(callAdmin, await server.issueToken('mcp:tools:weather'));
    await server.flushAudit();
    const types = server.audit.records.map((record) => record.type);
    expect(types).toContain('access.allowed');
    expect(types).toContain('access.denied');
    expect(types.filter((type) => type.startsWith('access.')).length).toBeGreaterThanOrEqual(7);
    const denied = server.audit.records.find((record) => record.type === 'access.denied');
    expect(denied?.request?.id).toBeTruthy();
    expect(JSON.stringify(server.audit.records)).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect((await verifyAuditLog(server.audit.records)).ok).toBe(true);
  });
});
