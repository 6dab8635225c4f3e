import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertExternalToolsInstalled,
  EXTERNAL_TOOLS,
  killAllTools,
  runExternalTool,
  type ToolResult,
} from './external-tools.js';
import { type ProtectedStack, startProtectedStack } from './protected-stack.js';
import { startTestProxy, type TestProxy } from './test-proxy.js';

/**
 * MCP Inspector's CLI as a second real MCP client (besides the SDK client of the other e2e tests),
 * against the protected sample server in its default (stateless) mode, with tokens from a real
 * authorization at the Gatehouse authorization server.
 */
let stack: ProtectedStack;
let weatherToken: string;
let toolsToken: string;
/** A recording proxy in front of the server, to see the HTTP status the Inspector got. */
let observer: TestProxy;

beforeAll(async () => {
  assertExternalToolsInstalled();
  stack = await startProtectedStack('stateless');
  weatherToken = await stack.token('mcp:tools:weather');
  toolsToken = await stack.token('mcp:tools:*');
  observer = await startTestProxy(new URL(stack.resource).origin);
}, 60_000);

afterAll(async () => {
  await observer?.close();
  await stack?.close();
  // Last resort: whatever did not stop by itself (the servers have shut down gracefully above).
  killAllTools();
}, 30_000);

/**
 * Runs `inspector-cli <url> --transport http [--header …] --method …` against the server, or through
 * the recording proxy with `observed`.
 */
function inspector(
  args: string[],
  token?: string,
  { observed = false }: { observed?: boolean } = {},
): Promise<ToolResult> {
  const header = token === undefined ? [] : ['--header', `Authorization: Bearer ${token}`];
  const url = observed ? `${observer.origin}/mcp` : stack.resource;
  return runExternalTool(
    EXTERNAL_TOOLS.inspector,
    [url, '--transport', 'http', ...header, ...args],
    // The CLI finds its own package.json relative to the working directory.
    { timeoutMs: 30_000, cwd: dirname(EXTERNAL_TOOLS.inspector) },
  ).done;
}

function json(result: ToolResult): Record<string, unknown> {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

function toolNames(result: ToolResult): string[] {
  const { tools } = json(result) as { tools: Array<{ name: string }> };
  return tools.map((tool) => tool.name).sort();
}

describe('MCP Inspector CLI against the protected MCP server', () => {
  it('lists only the tools the token may call', async () => {
    expect(toolNames(await inspector(['--method', 'tools/list'], weatherToken))).toEqual([
      'weather',
    ]);
    const all = toolNames(await inspector(['--method', 'tools/list'], toolsToken));
    expect(all).toEqual(expect.arrayContaining(['weather', 'whoami']));
    expect(all).not.toContain('run_workflow');
  }, 60_000);

  it('calls the weather tool with a token scoped for it', async () => {
    const result = json(
      await inspector(
        ['--method', 'tools/call', '--tool-name', 'weather', '--tool-arg', 'city=Paris'],
        weatherToken,
      ),
    ) as { content: Array<{ type: string; text: string }>; isError?: boolean };
    expect(result.isError ?? false).toBe(false);
    expect(result.content[0]?.type).toBe('text');
    expect(result.content[0]?.text).toMatch(/^Paris: [a-z ]+, -?\d+°C \/ -?\d+°C/);
  }, 30_000);

  it('is refused a tool outside the token scope: 403 insufficient_scope', async () => {
    const before = observer.exchanges().length;
    const result = await inspector(
      ['--method', 'tools/call', '--tool-name', 'whoami'],
      weatherToken,
      { observed: true },
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('insufficient_scope');
    // The SDK client's GET for a server stream gets 405 (stateless server): only POSTs count here.
    const refused = observer
      .exchanges()
      .slice(before)
      .filter((e) => e.method === 'POST' && e.status >= 400);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ method: 'POST', path: '/mcp', status: 403 });
    expect(refused[0]?.wwwAuthenticate).toMatch(/^Bearer error="insufficient_scope"/);
    expect(refused[0]?.wwwAuthenticate).toMatch(/scope="[^"]*\bmcp:tools:whoami\b/);
  }, 30_000);

  it('is refused without a token: 401 with a challenge', async () => {
    const before = observer.exchanges().length;
    const result = await inspector(['--method', 'tools/list'], undefined, { observed: true });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('Unauthorized');
    const refused = observer.exchanges().slice(before);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ method: 'POST', path: '/mcp', status: 401 });
    expect(refused[0]?.wwwAuthenticate).toMatch(/^Bearer resource_metadata="/);
  }, 30_000);
});
