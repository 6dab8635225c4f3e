import { InvalidGrantError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../demo/stack.js';
import { auditOf, connectWithToken, startTestStack } from './fixtures.js';
import { authorize, refresh } from './oauth-client.js';

describe('refresh tokens: rotation and reuse detection (A13), with the SDK client functions', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('rotates on every use: a new refresh token, the same scope, a working access token', async () => {
    const first = await authorize(stack, { scope: 'mcp:tools:weather' });
    const second = await refresh(stack, first, first.tokens.refresh_token ?? '');
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first.tokens.refresh_token);
    expect(second.access_token).not.toBe(first.tokens.access_token);
    expect(second.scope).toBe('mcp:tools:weather');
    const client = await connectWithToken(stack.mcpUrl, second.access_token);
    const result = await client.callTool({ name: 'weather', arguments: { city: 'Porto' } });
    expect(result.isError).not.toBe(true);
    await client.close();
  });

  it('a rotated refresh token used again revokes the whole family: the newer one stops working', async () => {
    const first = await authorize(stack, { scope: 'mcp:tools:weather' });
    const old = first.tokens.refresh_token ?? '';
    const rotated = await refresh(stack, first, old);
    // An attacker replays the old token: refused, and the grant is revoked...
    await expect(refresh(stack, first, old)).rejects.toBeInstanceOf(InvalidGrantError);
    // ...so the legitimate client's newer refresh token is dead too.
    await expect(refresh(stack, first, rotated.refresh_token ?? '')).rejects.toBeInstanceOf(
      InvalidGrantError,
    );
    const { auth } = await auditOf(stack);
    const reuse = auth.filter((r) => r.type === 'refresh.reuse_detected');
    expect(reuse).toHaveLength(1);
    expect(reuse[0]?.actor?.clientId).toBe(first.client.client_id);
    expect(reuse[0]?.details?.grantRevoked).toBe(true);
    const rejected = auth.filter(
      (r) => r.type === 'token.rejected' && r.actor?.clientId === first.client.client_id,
    );
    expect(rejected.map((r) => r.reason)).toEqual([
      'ERR_AS_REFRESH_REUSED',
      'ERR_AS_GRANT_REVOKED',
    ]);
  });

  it('refresh keeps the grant resource and refuses another one', async () => {
    const first = await authorize(stack, { scope: 'mcp:tools:weather' });
    const response = await fetch(`${stack.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: first.tokens.refresh_token ?? '',
        client_id: first.client.client_id,
        resource: 'http://127.0.0.1:1/elsewhere',
      }).toString(),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_target');
  });
});
