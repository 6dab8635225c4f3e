import { createServer } from 'node:http';
import { mcpResourceServer } from '@gatehouse/mcp/koa';
import {
  createMcpServer,
  createResourcePolicy,
  createServerVerifier,
  resolveCustomerResource,
  TOOL_RULES,
  validateConfig,
} from '@gatehouse/resource-server';
import Koa from 'koa';
import { type StartServer, stringOption } from '../bench-server.js';
import { listen, stop } from '../listen.js';
import { endpointOn, RESOURCE, TOOL_SCOPE } from '../mcp-resource.js';

/**
 * The resource server's app without its audit log: the same `mcpResourceServer` options as the
 * resource server's `createApp` (verifier, policy, `resolveResource`, the per-tool rules, the
 * sample MCP server, stateless) minus `audit`. Scenario 5 compares it with the real server to show
 * what audit costs a protected request.
 */
export const start: StartServer = async (options) => {
  const config = validateConfig({
    dev: true,
    resource: RESOURCE,
    issuer: stringOption(options, 'issuer'),
    scopesSupported: [TOOL_SCOPE],
  });
  const { verifier } = createServerVerifier(config, RESOURCE);
  const mcp = mcpResourceServer({
    resource: RESOURCE,
    authorizationServers: [config.issuer],
    verifier,
    policy: createResourcePolicy(),
    resolveResource: resolveCustomerResource,
    tools: TOOL_RULES,
    scopesSupported: config.scopesSupported,
    resourceName: config.resourceName,
    sessions: 'stateless',
    allowLoopbackHttp: true,
    server: () => createMcpServer(),
  });
  const app = new Koa();
  app.silent = true;
  app.use(mcp);
  const http = createServer(app.callback());
  const port = await listen(http);
  return {
    url: endpointOn(port),
    info: { audit: 'none', sessions: 'stateless' },
    close: async () => {
      await mcp.close();
      await stop(http);
    },
  };
};
