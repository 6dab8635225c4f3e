import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import Koa from 'koa';
import { z } from 'zod';
import type { ResourceInfo } from '../index.js';
import { type McpGuardOptions, type McpGuardState, mcpGuard } from './index.js';

/** Test-only: a real MCP SDK server (stateless Streamable HTTP) behind `mcpGuard`, in Koa. */

export const ORIGIN = 'https://example.com';
/** Customer records and their tenants; record 99 belongs to no tenant. */
export const CUSTOMERS: Readonly<Record<string, string | undefined>> = {
  '42': 'acme',
  '43': 'globex',
  '99': undefined,
};
/** What `resources/list` offers before filtering (one entry with a non-canonical URI). */
export const LISTED: readonly { name: string; uri: string }[] = [
  ...Object.keys(CUSTOMERS).map((id) => ({
    name: 'customer-data',
    uri: `${ORIGIN}/customer-data/${id}`,
  })),
  { name: 'public', uri: `${ORIGIN}/public/readme.md` },
  { name: 'customer-data', uri: `${ORIGIN}/public/../customer-data/42` },
];

/** What `tools/list` offers before filtering: the tools the fixture registers. */
export const TOOLS: readonly { name: string; inputSchema: { type: 'object' } }[] = [
  { name: 'weather', inputSchema: { type: 'object' } },
  { name: 'run_workflow', inputSchema: { type: 'object' } },
];
/** What `resources/templates/list` offers before filtering: the templates the fixture registers. */
export const TEMPLATES: readonly { name: string; uriTemplate: string }[] = [
  { name: 'public', uriTemplate: `${ORIGIN}/public/{file}` },
  { name: 'customer-data', uriTemplate: `${ORIGIN}/customer-data/{id}` },
];
/** The workflow names `run_workflow`'s input schema accepts (the tool rule reads them the same way). */
export const WORKFLOW_NAME: RegExp = /^[a-z][a-z0-9-]{0,63}$/;

/** Resolves the server's URI templates to resource names, and customer records to their tenant. */
export function resolveResource(uri: string): ResourceInfo | undefined {
  if (uri.startsWith(`${ORIGIN}/public/`)) return { name: 'public' };
  const id = /^https:\/\/example\.com\/customer-data\/([^/]+)$/.exec(uri)?.[1];
  if (id === undefined) return undefined;
  const tenant = Object.hasOwn(CUSTOMERS, id) ? CUSTOMERS[id] : undefined;
  return { name: 'customer-data', attributes: { tenant } };
}

function buildServer(served: string[], state: McpGuardState): McpServer {
  const server = new McpServer({ name: 'fixture', version: '1.0.0' });
  const read = (name: string) => async (uri: URL) => {
    served.push(`${name} ${uri.href}`);
    return { contents: [{ uri: uri.href, text: `${name} record` }] };
  };
  // Every variable completes to the record ids, so completion/complete reaches the SDK.
  const complete = { file: () => ['readme.md'], id: () => Object.keys(CUSTOMERS) };
  const template = (path: string) =>
    new ResourceTemplate(`${ORIGIN}/${path}`, { list: undefined, complete });
  server.registerResource('public', template('public/{file}'), {}, read('public'));
  server.registerResource(
    'customer-data',
    template('customer-data/{id}'),
    {},
    read('customer-data'),
  );
  server.registerTool('weather', { inputSchema: { city: z.string() } }, async ({ city }) => {
    served.push(`weather ${city}`);
    return { content: [{ type: 'text', text: 'sunny' }] };
  });
  server.registerTool(
    'run_workflow',
    { inputSchema: { name: z.string().regex(WORKFLOW_NAME) } },
    async ({ name }) => {
      served.push(`workflow ${name}`);
      return { content: [{ type: 'text', text: `${name} done` }] };
    },
  );
  // List filtering where the server builds the list, with the guard's ability and resolvers.
  server.server.setRequestHandler(ListResourcesRequestSchema, () =>
    state.filterList('resources/list', { resources: LISTED }),
  );
  server.server.setRequestHandler(ListToolsRequestSchema, () =>
    state.filterList('tools/list', { tools: TOOLS }),
  );
  server.server.setRequestHandler(ListResourceTemplatesRequestSchema, () =>
    state.filterList('resources/templates/list', { resourceTemplates: TEMPLATES }),
  );
  return server;
}

export interface Fixture {
  base: string;
  /** What the SDK handlers served, in order (`<handler> <uri>`). */
  served: string[];
  /** Sends one JSON-RPC body (a string is sent as it is) with the token's scopes and claims. */
  post(
    body: unknown,
    token: { scopes: string; claims?: Record<string, unknown> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Starts Koa on 127.0.0.1 with a stand-in token middleware, `mcpGuard(options)` and the SDK server. */
export async function startFixture(options: McpGuardOptions): Promise<Fixture> {
  const served: string[] = [];
  const router = new Router<McpGuardState>();
  router.all(
    '/mcp',
    async (ctx, next) => {
      const token = JSON.parse(ctx.get('x-test-token')) as { scopes: string; claims?: object };
      ctx.state.auth = {
        subject: 'user-1',
        clientId: 'client-1',
        scopes: token.scopes === '' ? [] : token.scopes.split(' '),
        claims: token.claims ?? {},
      };
      await next();
    },
    mcpGuard(options),
    async (ctx) => {
      const server = buildServer(served, ctx.state);
      // stateless: no sessionIdGenerator
      const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
      await server.connect(transport);
      ctx.respond = false;
      await transport.handleRequest(ctx.req, ctx.res, ctx.state.mcpRequest?.body);
      await server.close();
    },
  );
  const app = new Koa();
  app.use(router.routes());
  const http: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => http.once('listening', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  return {
    base,
    served,
    post: (body, token) =>
      fetch(base, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'x-test-token': JSON.stringify(token),
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

/** A `resources/read` request. */
export function readResource(uri: string, id = 1): object {
  return { jsonrpc: '2.0', id, method: 'resources/read', params: { uri: uri } };
}
