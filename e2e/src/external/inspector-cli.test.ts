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

/**
 * MCP Inspector's CLI as a second real MCP client (besides the SDK client of the other e2e tests),
 * against the protected sample server in its default (stateless) mode, with tokens from a real
 * authorization at the Gatehouse authorization server.
 */
let stack: ProtectedStack;
let weatherToken: string;
let toolsToken: string;

beforeAll(async () => {
  assertExternalToolsInstalled();
  stack = await startProtectedStack('stateless');
  weatherToken = await stack.token('mcp:tools:weather');
  toolsToken = await stack.token('mcp:tools:*');
}, 60_000);

afterAll(async () => {
  killAllTools();
  await stack?.close();
}, 30_000);

/** Runs `inspector-cli <resource> --transport http [--header …] --method …`. */
function inspector(args: string[], token?: string): Promise<ToolResult> {
  const header = token === undefined ? [] : ['--header', `Authorization: Bearer ${token}`];
  return runExternalTool(
    EXTERNAL_TOOLS.inspector,
    [stack.resource, '--transport', 'http', ...header, ...args],
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

  it('is refused a tool outside the token scope (403)', async () => {
    const result = await inspector(
      ['--method', 'tools/call', '--tool-name', 'whoami'],
      weatherToken,
    );
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/\b403\b/);
  }, 30_000);

  it('is refused without a token (401)', async () => {
    const result = await inspector(['--method', 'tools/list']);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/\b401\b/);
  }, 30_000);
});
