import { verifyAuditLog } from '@gatehouse/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, rpc, startFixture } from './test-fixture.js';

describe('decisions in the audit log', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture({ sessions: 'stateful', jsonResponse: true });
  });
  afterAll(() => fx.close());

  it('records tokens verified and rejected, and each access allowed and denied, with no token in them', async () => {
    const token = await fx.token('mcp:tools:weather', { subject: 'carol', clientId: 'app-9' });
    const { client, transport } = await fx.connect(token);
    await client.callTool({ name: 'weather', arguments: { city: 'Oslo' } });
    await expect(client.callTool({ name: 'admin', arguments: {} })).rejects.toMatchObject({
      code: 403,
    });
    await fx.post('not-a-token', rpc('tools/list'));
    const mallory = await fx.token('mcp:tools:*', { subject: 'mallory' });
    await fx.post(mallory, rpc('tools/list'), {
      'mcp-session-id': transport.sessionId ?? '',
      'mcp-protocol-version': '2025-06-18',
    });
    await fx.post(token, rpc('tools/list'), { origin: 'https://evil.example' });

    const events = await fx.events();
    expect((await verifyAuditLog(events)).ok).toBe(true);
    const carol = { sub: 'carol', clientId: 'app-9' };
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'token.verified', actor: carol, outcome: 'success' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'access.allowed',
        actor: carol,
        target: { type: 'tool', id: 'weather' },
        details: expect.objectContaining({ method: 'tools/call', scopes: ['mcp:tools:weather'] }),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'access.denied',
        actor: carol,
        reason: 'ERR_SCOPE_DENIED',
        target: { type: 'tool', id: 'admin' },
        details: expect.objectContaining({ requiredScopes: ['mcp:tools:admin'] }),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'token.rejected', reason: 'ERR_TOKEN_MALFORMED' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'access.denied',
        actor: { sub: 'mallory', clientId: 'client-1' },
        reason: 'ERR_MCP_SESSION_MISMATCH',
        target: { type: 'route', id: '/mcp' },
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'access.denied', reason: 'ERR_MCP_ORIGIN_REFUSED' }),
    );
    for (const event of events) expect(event.request?.path).toBe('/mcp');
    expect(JSON.stringify(events)).not.toContain(token);
  });
});
