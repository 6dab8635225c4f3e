import { createAccessTokenVerifier, createKeySet, generateSigningKey } from '@gatehouse/tokens';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import { type McpResourceServerOptions, mcpResourceServer } from './index.js';

const resource = 'https://mcp.example.com/mcp';
const server = () => new McpServer({ name: 'x', version: '1' });

describe('mcpResourceServer options', () => {
  it('builds from an issuer, or from a verifier and authorization servers', async () => {
    const fromIssuer = mcpResourceServer({ resource, issuer: 'https://auth.example.com', server });
    expect(fromIssuer.resourceMetadataUrl).toBe(
      'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
    );
    expect(fromIssuer.path).toBe('/mcp');
    const verifier = createAccessTokenVerifier({
      issuer: 'https://auth.example.com',
      audience: resource,
      algorithms: ['ES256'],
      jwks: createKeySet({ active: await generateSigningKey() }),
    });
    const fromVerifier = mcpResourceServer({
      resource,
      verifier,
      authorizationServers: ['https://auth.example.com'],
      server,
    });
    expect(fromVerifier.verifier).toBe(verifier);
  });

  it('throws TypeError at construction for every setup mistake', () => {
    const base = { resource, issuer: 'https://auth.example.com', server };
    const bad: {
      [K in keyof McpResourceServerOptions]?: McpResourceServerOptions[K] | undefined;
    }[] = [
      { issuer: undefined },
      { verifier: { verify: async () => Promise.reject(new Error()) } },
      { issuer: undefined, verifier: { verify: async () => Promise.reject(new Error()) } },
      { resource: 'http://mcp.example.com/mcp' },
      { resource: 'https://mcp.example.com/mcp#x' },
      { issuer: 'http://auth.example.com' },
      { allowedOrigins: ['not an origin'] },
      { sessions: 'sticky' as 'stateful' },
      { maxBodyBytes: 0 },
      { maxBatch: 1.5 },
      { scopesSupported: ['bad scope"'] },
      { algorithms: ['HS256' as 'ES256'] },
      { server: 'nope' as unknown as McpResourceServerOptions['server'] },
    ];
    for (const change of bad) {
      const options = { ...base, ...change } as McpResourceServerOptions; // undefined: option left out
      expect(() => mcpResourceServer(options), JSON.stringify(change)).toThrow(TypeError);
    }
    expect(() =>
      mcpResourceServer({ ...base, extra: 1 } as unknown as McpResourceServerOptions),
    ).toThrow(TypeError);
  });
});
