import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuditRecord, createAuditLogger, memorySink } from '@gatehouse/audit';
import { defineAuthorizationServerMetadata } from '@gatehouse/discovery';
import { authorizationServerMetadata } from '@gatehouse/discovery/koa';
import { createAccessTokenIssuer, createKeySet, generateSigningKey } from '@gatehouse/tokens';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import Koa from 'koa';
import { z } from 'zod';
import { gatehouseAuth } from '../index.js';
import { type McpResourceServerOptions, mcpResourceServer } from './index.js';

const DATA = 'https://data.example.com';

/** Maps a resource URI to its name (a prefix rule, the kind that a non-canonical URI would fool). */
export function resolveResource(uri: string): { name: string; uriTemplate?: string } | undefined {
  if (uri.startsWith(`${DATA}/public/`)) return { name: 'public-docs' };
  if (uri.startsWith(`${DATA}/customers/`)) {
    return { name: 'customer-data', uriTemplate: `${DATA}/customers/{id}` };
  }
  return undefined;
}

/** What the SDK handlers saw, for assertions. */
export interface Seen {
  authInfo: unknown[];
  reads: string[];
}

/** The SDK server every fixture serves: tools, prompts, resources and a template. */
export function buildServer(seen: Seen): McpServer {
  const mcp = new McpServer({ name: 'fixture', version: '1.0.0' });
  mcp.registerTool(
    'weather',
    { description: 'Weather for a city', inputSchema: { city: z.string() } },
    async ({ city }, extra) => {
      seen.authInfo.push(extra.authInfo);
      const auth = gatehouseAuth(extra.authInfo);
      return { content: [{ type: 'text', text: `sunny in ${city} for ${auth?.subject}` }] };
    },
  );
  mcp.registerTool('admin', { description: 'Dangerous' }, async () => ({
    content: [{ type: 'text', text: 'done' }],
  }));
  mcp.registerTool('shell', { description: 'More dangerous' }, async () => ({
    content: [{ type: 'text', text: 'done' }],
  }));
  mcp.registerPrompt('summarize', { description: 'Summarize' }, () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'summarize' } }],
  }));
  mcp.registerPrompt('secret', { description: 'Secret' }, () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'secret' } }],
  }));
  mcp.registerResource('public-docs', `${DATA}/public/readme`, {}, async (uri) => {
    seen.reads.push(uri.href);
    return { contents: [{ uri: uri.href, text: 'readme' }] };
  });
  mcp.registerResource(
    'customer-data',
    new ResourceTemplate(`${DATA}/customers/{id}`, {
      list: async () => ({
        resources: [{ uri: `${DATA}/customers/42`, name: 'customer 42' }],
      }),
    }),
    {},
    async (uri) => {
      seen.reads.push(uri.href);
      return { contents: [{ uri: uri.href, text: 'customer record' }] };
    },
  );
  return mcp;
}

export interface Fixture {
  origin: string;
  resource: string;
  seen: Seen;
  events: () => Promise<AuditRecord[]>;
  token: (
    scope: string,
    claims?: { subject?: string; clientId?: string; audience?: string },
  ) => Promise<string>;
  connect: (token: string) => Promise<{ client: Client; transport: StreamableHTTPClientTransport }>;
  post: (
    token: string | undefined,
    body: unknown,
    headers?: Record<string, string>,
  ) => Promise<Response>;
  sessionCount: () => number;
  close: () => Promise<void>;
}

/**
 * A Koa app on 127.0.0.1 that is both the authorization server (metadata and JWKS, tokens minted
 * with `@gatehouse/tokens`) and the protected MCP server (found by its issuer, as a user would).
 */
export async function startFixture(
  options: Partial<Omit<McpResourceServerOptions, 'resource'>> = {},
): Promise<Fixture> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resource = `${origin}/mcp`;
  const keys = createKeySet({ active: await generateSigningKey() });
  const issuer = createAccessTokenIssuer({ issuer: origin, keys, ttlSeconds: 300 });
  const sink = memorySink();
  const logger = createAuditLogger({ sinks: [sink] });
  const seen: Seen = { authInfo: [], reads: [] };

  const protectedMcp = mcpResourceServer({
    resource,
    issuer: origin,
    allowLoopbackHttp: true,
    scopesSupported: ['mcp:tools:weather'],
    resourceName: 'Fixture MCP',
    resolveResource,
    audit: logger,
    server: () => buildServer(seen),
    ...options,
  });
  const app = new Koa();
  app.silent = true;
  app.use(protectedMcp);
  app.use(
    authorizationServerMetadata(
      defineAuthorizationServerMetadata(
        {
          issuer: origin,
          authorization_endpoint: `${origin}/authorize`,
          token_endpoint: `${origin}/token`,
          jwks_uri: `${origin}/jwks`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        },
        { allowLoopbackHttp: true },
      ),
    ),
  );
  app.use(async (ctx, next) => {
    if (ctx.path !== '/jwks') return next();
    ctx.body = keys.publicJwks();
  });
  server.on('request', app.callback());

  const clients: Client[] = [];
  return {
    origin,
    resource,
    seen,
    events: async () => {
      await logger.flush();
      return [...sink.records];
    },
    token: async (scope, claims = {}) =>
      (
        await issuer.issue({
          subject: claims.subject ?? 'alice',
          clientId: claims.clientId ?? 'client-1',
          audience: claims.audience ?? resource,
          scope,
        })
      ).token,
    connect: async (token) => {
      const client = new Client({ name: 'test-client', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(resource), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      });
      await client.connect(transport);
      clients.push(client);
      return { client, transport };
    },
    post: (token, body, headers = {}) =>
      fetch(resource, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    sessionCount: () => protectedMcp.sessionCount,
    close: async () => {
      await Promise.allSettled(clients.map((client) => client.close()));
      await protectedMcp.close();
      await logger.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A JSON-RPC request. */
export function rpc(
  method: string,
  params: Record<string, unknown> = {},
  id: number | string = 1,
): { jsonrpc: '2.0'; id: number | string; method: string; params: Record<string, unknown> } {
  return { jsonrpc: '2.0', id, method, params };
}

/** The JSON-RPC messages of a response, JSON or SSE. */
export async function messagesOf(response: Response): Promise<unknown[]> {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    return text
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 6)
      .map((line) => JSON.parse(line.slice(6)));
  }
  const value = JSON.parse(text);
  return Array.isArray(value) ? value : [value];
}
