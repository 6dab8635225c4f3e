import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { GatehouseAuthInfo } from '../to-auth-info.js';

/** The SDK transport each session (or, stateless, each request) gets. */
export type McpTransport = StreamableHTTPServerTransport;

/** What the server factory returns: an SDK `McpServer` or a low-level `Server`. */
export interface McpServerLike {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the MCP SDK server for a new session (stateful) or for one request (stateless), given the
 * verified auth of the request that starts it. Handlers should read the auth of each request from
 * `extra.authInfo` (a session outlives its first token: a client may refresh it).
 *
 * @example
 * ```ts
 * import type { McpServerFactory } from '@gatehouse/mcp/koa';
 * import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
 *
 * const server: McpServerFactory = (auth) => {
 *   const mcp = new McpServer({ name: 'weather', version: '1.0.0' });
 *   mcp.registerTool('weather', { description: 'Today' }, async () => ({
 *     content: [{ type: 'text', text: `sunny for ${auth.extra.subject}` }],
 *   }));
 *   return mcp;
 * };
 * ```
 */
export type McpServerFactory = (auth: GatehouseAuthInfo) => McpServerLike | Promise<McpServerLike>;
