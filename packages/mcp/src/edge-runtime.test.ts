import { fileURLToPath } from 'node:url';
import { runInEdgeRuntime } from '@gatehouse/test-support';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('under the Edge runtime (a separate context with Web APIs only)', () => {
  it('maps AuthInfo and refuses a mix-up issuer through an injected fetch', async () => {
    const result = await runInEdgeRuntime(
      entry,
      `
      const verified = { subject: 'alice', clientId: 'c', scopes: ['a'], audience: ['https://m.example/mcp'], expiresAt: 10, claims: {} };
      const info = lib.toAuthInfo(verified, 'tok', 'https://m.example/mcp');
      const fetch = async () => new Response(JSON.stringify({ issuer: 'https://evil.example', response_types_supported: ['code'], jwks_uri: 'https://evil.example/jwks' }), { headers: { 'content-type': 'application/json' } });
      let code;
      try { await lib.resolveJwksUri('https://auth.example', { fetch }); } catch (error) { code = error.code; }
      return {
        nodeGlobals: [typeof process, typeof Buffer, typeof require],
        subject: lib.gatehouseAuth(info).subject,
        resource: info.resource.href,
        code,
      };
      `,
    );
    expect(result).toEqual({
      nodeGlobals: ['undefined', 'undefined', 'undefined'],
      subject: 'alice',
      resource: 'https://m.example/mcp',
      code: 'ERR_DISCOVERY_ISSUER_MISMATCH',
    });
  });
});
