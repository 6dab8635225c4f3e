import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../demo/stack.js';
import { auditOf, connectWithToken, startTestStack } from './fixtures.js';
import { authorize } from './oauth-client.js';

/** What each list shows to a token with `scope`, through the real SDK client. */
async function listsFor(stack: Stack, scope: string) {
  const { tokens } = await authorize(stack, { scope });
  const client = await connectWithToken(stack.mcpUrl, tokens.access_token);
  try {
    const names = <T extends { name: string }>(items: T[]) => items.map((item) => item.name).sort();
    return {
      tools: names((await client.listTools()).tools),
      prompts: names((await client.listPrompts()).prompts),
      templates: names((await client.listResourceTemplates()).resourceTemplates),
    };
  } finally {
    await client.close();
  }
}

describe('list results are filtered by what the token may use (tokens from the real flow)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a weather token sees the weather tool and nothing else', async () => {
    expect(await listsFor(stack, 'mcp:tools:weather')).toEqual({
      tools: ['weather'],
      prompts: [],
      templates: [],
    });
  });

  it('mcp:tools:* lists every tool except the workflow door; a workflow scope opens that one', async () => {
    const all = await listsFor(stack, 'mcp:tools:*');
    expect(all.tools).toContain('weather');
    expect(all.tools).not.toContain('run_workflow');
    const workflow = await listsFor(stack, 'mcp:exec:workflows:backup');
    expect(workflow.tools).toEqual(['run_workflow']);
  });

  it('a prompt scope lists that prompt only; lists are open (no 403) and leave no denial', async () => {
    const lists = await listsFor(stack, 'mcp:prompts:forecast-briefing');
    expect(lists).toEqual({ tools: [], prompts: ['forecast-briefing'], templates: [] });
    const { mcp } = await auditOf(stack);
    expect(mcp.filter((r) => r.type === 'access.denied')).toEqual([]);
  });
});
