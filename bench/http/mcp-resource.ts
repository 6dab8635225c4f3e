/**
 * The audience of every benchmark token: one canonical resource URI that all MCP servers under
 * load are configured with. It names the protected resource; no traffic goes to it (each server
 * listens on a port of its own, on the same path).
 */
export const RESOURCE = 'http://127.0.0.1:3000/mcp';
/** The scope every benchmark token carries: the one `tools/call weather` needs. */
export const TOOL_SCOPE = 'mcp:tools:weather';
/** The path of the MCP endpoint on every server (the path of {@link RESOURCE}). */
export const MCP_PATH = '/mcp';

/** The MCP endpoint of a server listening on `port`. */
export function endpointOn(port: number): string {
  return `http://127.0.0.1:${port}${MCP_PATH}`;
}

/** The `tools/call` request every scenario sends: the sample server's `weather` tool. */
export const TOOLS_CALL_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'weather', arguments: { city: 'Lisbon' } },
});

/** The headers of a Streamable HTTP POST, without the token. */
export const MCP_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-06-18',
});
