import { fileURLToPath } from 'node:url';
import { runInEdgeRuntime } from '@gatehouse/test-support';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('under the Edge runtime (a separate context with Web APIs only)', () => {
  it('formats, parses, validates and discovers with no Node globals', async () => {
    const result = await runInEdgeRuntime(
      entry,
      `
      const header = lib.formatBearerChallenge({ error: 'insufficient_scope', scope: ['a', 'b'] });
      const parsed = lib.parseWwwAuthenticate('Basic realm="x", ' + header);
      const canonical = lib.canonicalResourceUri('HTTPS://MCP.Example.com/mcp/');
      const routes = {
        'https://mcp.example.com/.well-known/oauth-protected-resource/mcp': {
          resource: 'https://mcp.example.com/mcp',
          authorization_servers: ['https://auth.example.com'],
        },
        'https://auth.example.com/.well-known/oauth-authorization-server': {
          issuer: 'https://auth.example.com',
          authorization_endpoint: 'https://auth.example.com/a',
          token_endpoint: 'https://auth.example.com/t',
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        },
      };
      const fetch = async (url) =>
        routes[url]
          ? new Response(JSON.stringify(routes[url]), { headers: { 'content-type': 'application/json' } })
          : new Response('', { status: 404 });
      const found = await lib.discover('https://mcp.example.com/mcp', { fetch, cache: lib.createDiscoveryCache() });
      const mismatch = await lib
        .discover('https://mcp.example.com/other', { fetch })
        .catch((error) => error.code);
      return {
        nodeGlobals: [typeof process, typeof Buffer, typeof require],
        header,
        schemes: parsed.map((c) => c.scheme),
        canonical,
        issuer: found.authorizationServer.issuer,
        mismatch,
      };
      `,
    );
    expect(result).toEqual({
      nodeGlobals: ['undefined', 'undefined', 'undefined'],
      header: 'Bearer error="insufficient_scope", scope="a b"',
      schemes: ['basic', 'bearer'],
      canonical: 'https://mcp.example.com/mcp',
      issuer: 'https://auth.example.com',
      mismatch: 'ERR_DISCOVERY_NOT_FOUND',
    });
  });
});
