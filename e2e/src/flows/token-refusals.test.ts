import { createAccessTokenIssuer } from '@gatehouse/tokens';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Stack } from '../demo/stack.js';
import { challengeParam } from '../demo/steps-step-up.js';
import { freePort } from '../free-port.js';
import {
  auditOf,
  connectWithToken,
  postRpc,
  resourceAt,
  startMcpServer,
  startTestStack,
} from './fixtures.js';
import { authorize } from './oauth-client.js';

const LIST = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };

describe('tokens the MCP server refuses, each recorded with its reason', () => {
  let stack: Stack;
  let otherPort: number;

  beforeAll(async () => {
    otherPort = await freePort();
    stack = await startTestStack({ resources: [resourceAt(otherPort)] });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** The reason of the MCP server's last `token.rejected` record. */
  async function lastRejection(): Promise<string | undefined> {
    const { mcp } = await auditOf(stack);
    return mcp.findLast((r) => r.type === 'token.rejected')?.reason;
  }

  it('an expired token (signed by the authorization server, its lifetime over): 401', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 3_600_000);
    const minted = await createAccessTokenIssuer({
      issuer: stack.issuer,
      keys: stack.auth.context.keys.current(),
      ttlSeconds: 300,
    }).issue({
      subject: 'someone',
      clientId: 'some-client',
      audience: stack.mcpUrl,
      scope: ['mcp:tools:weather'],
    });
    vi.useRealTimers();
    const response = await postRpc(stack.mcpUrl, minted.token, LIST);
    expect(response.status).toBe(401);
    expect(challengeParam(response.headers.get('www-authenticate') ?? '', 'error')).toBe(
      'invalid_token',
    );
    expect(await lastRejection()).toBe('ERR_TOKEN_EXPIRED');
  });

  it('a token minted for another resource (RFC 8707 audience): 401', async () => {
    const other = await authorize(stack, {
      scope: 'mcp:tools:weather',
      resource: resourceAt(otherPort).uri,
    });
    const response = await postRpc(stack.mcpUrl, other.tokens.access_token, LIST);
    expect(response.status).toBe(401);
    expect(challengeParam(response.headers.get('www-authenticate') ?? '', 'error')).toBe(
      'invalid_token',
    );
    expect(await lastRejection()).toBe('ERR_TOKEN_AUDIENCE_INVALID');
  });

  it('a valid token in the query string: refused, and never written to the audit log', async () => {
    const { tokens } = await authorize(stack, { scope: 'mcp:tools:weather' });
    const url = `${stack.mcpUrl}?access_token=${encodeURIComponent(tokens.access_token)}`;
    const response = await postRpc(url, undefined, LIST);
    expect(response.status).toBe(400);
    expect(challengeParam(response.headers.get('www-authenticate') ?? '', 'error')).toBe(
      'invalid_request',
    );
    const { mcp } = await auditOf(stack);
    expect(JSON.stringify(mcp)).not.toContain(tokens.access_token);
  });

  it('GET and DELETE on /mcp need a token too (stateless server: 401 first, 405 with a token)', async () => {
    const { tokens } = await authorize(stack, { scope: 'mcp:tools:weather' });
    for (const method of ['GET', 'DELETE']) {
      const anonymous = await postRpc(stack.mcpUrl, undefined, undefined, { method });
      expect(anonymous.status, method).toBe(401);
      expect(anonymous.headers.get('www-authenticate'), method).toContain('resource_metadata=');
      const authorized = await postRpc(stack.mcpUrl, tokens.access_token, undefined, { method });
      expect(authorized.status, method).toBe(405);
    }
  });

  it('GET and DELETE on a stateful server: a session id is never authentication', async () => {
    // The authorization server knows the other resource: serve it, with MCP sessions.
    const server = await startMcpServer(stack, otherPort, { sessions: 'stateful' });
    try {
      const { tokens } = await authorize(stack, {
        scope: 'mcp:tools:weather',
        resource: server.url,
      });
      const client = await connectWithToken(server.url, tokens.access_token);
      const session = (client.transport as { sessionId?: string } | undefined)?.sessionId ?? '';
      expect(session).not.toBe('');
      const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
      for (const method of ['GET', 'DELETE']) {
        const anonymous = await postRpc(server.url, undefined, undefined, { method, headers });
        expect(anonymous.status, method).toBe(401);
      }
      const closed = await postRpc(server.url, tokens.access_token, undefined, {
        method: 'DELETE',
        headers,
      });
      expect(closed.status).toBe(200);
      await client.close();
    } finally {
      await server.close();
    }
  });
});
