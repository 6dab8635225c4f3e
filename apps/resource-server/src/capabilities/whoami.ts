import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { callerOf } from './caller.js';

/** The tool's name; the default policy grants it with `mcp:tools:whoami`. */
export const WHOAMI_TOOL = 'whoami';

/** Registers `whoami`: what the server knows of the caller (subject, client, scopes, tenant). */
export function registerWhoami(mcp: McpServer): void {
  mcp.registerTool(
    WHOAMI_TOOL,
    { title: 'Who am I', description: 'The subject, client, scopes and tenant of your token.' },
    async (extra) => {
      const caller = callerOf(extra.authInfo);
      return { content: [{ type: 'text', text: JSON.stringify(caller) }] };
    },
  );
}
