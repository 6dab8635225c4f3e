import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMcpServer } from '@gatehouse/resource-server';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/**
 * Serves one Streamable HTTP request statelessly, the way the SDK's stateless example does and
 * `@gatehouse/mcp` does in stateless mode: a new sample MCP server (the resource server's
 * `createMcpServer`, so every contender runs the same tools) and transport per request, closed once
 * the response is finished. `auth` becomes the handlers' `extra.authInfo`.
 */
export async function serveStateless(
  req: IncomingMessage & { auth?: AuthInfo },
  res: ServerResponse,
  body: unknown,
  auth: AuthInfo,
): Promise<void> {
  const server = createMcpServer();
  const transport = new StreamableHTTPServerTransport({});
  res.once('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  req.auth = auth;
  await transport.handleRequest(req, res, body);
}
