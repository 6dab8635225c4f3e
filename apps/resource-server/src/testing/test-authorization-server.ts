import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineAuthorizationServerMetadata } from '@gatehouse/discovery';
import { authorizationServerMetadata } from '@gatehouse/discovery/koa';
import {
  createAccessTokenIssuer,
  createKeySet,
  generateSigningKey,
  introspectionResponse,
  type VerifiedAccessToken,
} from '@gatehouse/tokens';
import Koa from 'koa';

/** What a test token carries besides its scope. */
export interface TokenClaims {
  subject?: string;
  clientId?: string;
  audience?: string;
  tenant?: unknown;
}

/** A stand-in authorization server on 127.0.0.1: RFC 8414 metadata, a JWKS, and introspection. */
export interface TestAuthorizationServer {
  readonly issuer: string;
  /** The introspection client's credentials (client_secret_basic). */
  readonly introspectionClient: { id: string; secret: string };
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: () => number;
  /** A signed RFC 9068 access token for `audience` (default: the resource set by `useResource`). */
  token(scope: string, claims?: TokenClaims): Promise<string>;
  /** An opaque token the introspection endpoint answers for (active). */
  opaqueToken(scope: string, claims?: TokenClaims): string;
  /** Marks an opaque token revoked: introspection answers `{"active": false}`. */
  revoke(token: string): void;
  /** The default audience of tokens. */
  useResource(resource: string): void;
  close(): Promise<void>;
}

/** Starts the stand-in authorization server (ES256 keys made for the test run). */
export async function startTestAuthorizationServer(): Promise<TestAuthorizationServer> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const keys = createKeySet({ active: await generateSigningKey({ alg: 'ES256' }) });
  const signer = createAccessTokenIssuer({ issuer, keys, ttlSeconds: 300 });
  const client = { id: 'mcp-server', secret: 'test-introspection-secret' };
  const opaque = new Map<string, VerifiedAccessToken>();
  let resource = '';
  let jwksFetches = 0;

  const app = new Koa();
  app.silent = true;
  app.use(
    authorizationServerMetadata(
      defineAuthorizationServerMetadata(
        {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks.json`,
          introspection_endpoint: `${issuer}/introspect`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        },
        { allowLoopbackHttp: true },
      ),
    ),
  );
  app.use(async (ctx, next) => {
    if (ctx.path === '/jwks.json') {
      jwksFetches++;
      ctx.body = keys.publicJwks();
      return;
    }
    if (ctx.path !== '/introspect' || ctx.method !== 'POST') return next();
    const expected = `Basic ${btoa(`${client.id}:${client.secret}`)}`;
    if (ctx.get('authorization') !== expected) {
      ctx.status = 401;
      ctx.body = { error: 'invalid_client' };
      return;
    }
    const form = new URLSearchParams(await readBody(ctx.req));
    const found = opaque.get(form.get('token') ?? '');
    ctx.set('cache-control', 'no-store');
    ctx.body = introspectionResponse(found ?? null);
  });
  http.on('request', app.callback());

  const now = () => Math.floor(Date.now() / 1000);
  return {
    issuer,
    introspectionClient: client,
    jwksFetches: () => jwksFetches,
    async token(scope, claims = {}) {
      const issued = await signer.issue({
        subject: claims.subject ?? 'alice',
        clientId: claims.clientId ?? 'test-client',
        audience: claims.audience ?? resource,
        scope,
        ...(claims.tenant === undefined ? {} : { extraClaims: { tenant: claims.tenant } }),
      });
      return issued.token;
    },
    opaqueToken(scope, claims = {}) {
      const token = crypto.randomUUID().replaceAll('-', '');
      opaque.set(token, {
        subject: claims.subject ?? 'alice',
        clientId: claims.clientId ?? 'test-client',
        scopes: scope.split(' '),
        audience: [claims.audience ?? resource],
        issuer,
        expiresAt: now() + 300,
        issuedAt: now(),
        jti: crypto.randomUUID(),
        claims: claims.tenant === undefined ? {} : { tenant: claims.tenant },
      });
      return token;
    },
    revoke: (token) => void opaque.delete(token),
    useResource: (value) => {
      resource = value;
    },
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function readBody(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
