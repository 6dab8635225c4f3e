import { join } from 'node:path';
import { verifyAuditLog } from '@gatehouse/audit/node';
import type { RunningResourceServer } from '@gatehouse/resource-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../demo/stack.js';
import { challengeParam } from '../demo/steps-step-up.js';
import { freePort } from '../free-port.js';
import {
  addIntrospectionClient,
  auditOf,
  postRpc,
  resourceAt,
  startMcpServer,
  startTestStack,
} from './fixtures.js';
import { authorize, revoke } from './oauth-client.js';

const CALL = {
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'weather', arguments: { city: 'Bern' } },
};

// The MCP server configured with RFC 7662 introspection at the authorization server (opaque-token
// mode): revocation shows at once, where a JWT stays valid until it expires.
describe('the introspection path: a revoked token is refused at once', () => {
  let stack: Stack;
  let server: RunningResourceServer;
  let auditFile: string;

  beforeAll(async () => {
    const port = await freePort();
    stack = await startTestStack({
      resources: [resourceAt(port)],
      auth: { introspectionClients: ['introspection-mcp'] },
    });
    const client = await addIntrospectionClient(stack, 'introspection-mcp');
    server = await startMcpServer(stack, port, {
      introspectionUrl: `${stack.issuer}/introspect`,
      introspectionClientId: client.id,
      introspectionClientSecret: client.secret,
      // No reuse of active answers (the default reuses them 5 s): revocation shows on the next call.
      introspectionCacheSeconds: 0,
    });
    auditFile = join(stack.dir, `mcp-${port}-audit.log`);
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  it('accepts an active token, then refuses it once its grant is revoked', async () => {
    const authorized = await authorize(stack, { scope: 'mcp:tools:weather', resource: server.url });
    const token = authorized.tokens.access_token;
    const before = await postRpc(server.url, token, CALL);
    expect(before.status).toBe(200);
    await before.body?.cancel();

    expect(await revoke(stack, authorized, authorized.tokens.refresh_token ?? '')).toBe(200);
    const after = await postRpc(server.url, token, CALL);
    expect(after.status).toBe(401);
    expect(challengeParam(after.headers.get('www-authenticate') ?? '', 'error')).toBe(
      'invalid_token',
    );

    const audit = await auditOf(stack, server, auditFile);
    const rejected = audit.mcp.findLast((r) => r.type === 'token.rejected');
    expect(rejected?.reason).toBe('ERR_TOKEN_INACTIVE');
    const introspected = audit.auth.filter((r) => r.type === 'token.introspected');
    expect(introspected.map((r) => r.details?.active)).toEqual([true, false]);
    expect((await verifyAuditLog(auditFile)).ok).toBe(true);
  });

  it('the same revocation leaves a JWT-verifying server accepting the token until it expires', async () => {
    const authorized = await authorize(stack, { scope: 'mcp:tools:weather' });
    expect(await revoke(stack, authorized, authorized.tokens.refresh_token ?? '')).toBe(200);
    const response = await postRpc(stack.mcpUrl, authorized.tokens.access_token, CALL);
    // Documented behaviour, not a wish: a JWT carries its own validity (300 s here).
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});
