import type { LoadRequest } from '../harness/load.js';
import { MCP_HEADERS, MCP_PATH, TOOLS_CALL_BODY } from './mcp-resource.js';

/**
 * `tools/call weather` requests, each with the next token of `tokens` (cycling). Over a pool larger
 * than a verifier's cache (10,000 entries, least recently used out), every request of a cycle
 * presents a token the server has not verified recently: a cache miss. One token: always a hit.
 */
export function toolsCallRequests(tokens: readonly string[]): LoadRequest {
  let index = 0;
  return {
    method: 'POST',
    path: MCP_PATH,
    next: () => {
      const token = tokens[index] as string;
      index = (index + 1) % tokens.length;
      return {
        headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
        body: TOOLS_CALL_BODY,
      };
    },
  };
}

/**
 * Sends one `tools/call` and checks that the answer is the weather tool's result (not an error
 * wrapped in a 200): run before measuring, so that no contender is timed answering refusals.
 */
export async function checkToolsCall(endpoint: string, token: string): Promise<void> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
    body: TOOLS_CALL_BODY,
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('Lisbon:') || text.includes('"isError":true')) {
    throw new Error(`${endpoint}: unexpected answer ${response.status} ${text.slice(0, 300)}`);
  }
}
