import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineAuthorizationServerMetadata } from '@gatehouse/discovery';
import { createAccessTokenIssuer, createKeySet, generateSigningKey } from '@gatehouse/tokens';
import { RESOURCE, TOOL_SCOPE } from './mcp-resource.js';

/** A stand-in authorization server for the resource-server scenarios: metadata and a JWKS. */
export interface BenchIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  /** `count` distinct ES256 RFC 9068 access tokens for {@link RESOURCE} (one hour). */
  mint(count: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Starts the stand-in issuer on 127.0.0.1 in the benchmark's own process: it answers the RFC 8414
 * metadata and the JWK Set, which every server under test fetches once and caches, so it is idle
 * while load runs. Tokens are signed with Gatehouse's issuer (ES256), as the auth server does.
 */
export async function startBenchIssuer(): Promise<BenchIssuer> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const keys = createKeySet({ active: await generateSigningKey({ alg: 'ES256' }) });
  const signer = createAccessTokenIssuer({ issuer, keys, ttlSeconds: 3600 });
  const metadata = JSON.stringify(
    defineAuthorizationServerMetadata(
      {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks.json`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      },
      { allowLoopbackHttp: true },
    ),
  );
  const jwks = JSON.stringify(keys.publicJwks());
  http.on('request', (req, res) => {
    const path = req.url ?? '/';
    const body = path === '/jwks.json' ? jwks : path.startsWith('/.well-known/') ? metadata : '';
    res.writeHead(body === '' ? 404 : 200, { 'content-type': 'application/json' });
    res.end(body);
  });
  return {
    issuer,
    jwksUri: `${issuer}/jwks.json`,
    async mint(count) {
      const tokens: string[] = [];
      for (let index = 0; index < count; index++) {
        const issued = await signer.issue({
          subject: `user-${index % 1000}`,
          clientId: 'bench-client',
          audience: RESOURCE,
          scope: TOOL_SCOPE,
        });
        tokens.push(issued.token);
      }
      return tokens;
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
