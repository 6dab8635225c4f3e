import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNonSuccess, readConformanceResults } from './conformance-results.js';
import {
  assertExternalToolsInstalled,
  EXTERNAL_TOOLS,
  killAllTools,
  runExternalTool,
} from './external-tools.js';
import { ALL_SCOPES, type ProtectedStack, startProtectedStack } from './protected-stack.js';
import { startTestProxy, type TestProxy } from './test-proxy.js';

/**
 * The official MCP conformance suite's server scenarios (the active suite) against the protected
 * sample MCP server, through a test-only proxy that adds a valid access token to every request (the
 * suite's server mode cannot authenticate). The server runs with stateful sessions, so that the
 * session scenarios apply. Failures must be exactly the baseline: checks that need a fixture the
 * sample does not have (see the YAML file, one comment per entry).
 */
const EXPECTED_FAILURES = fileURLToPath(
  new URL('./conformance-server-expected-failures.yaml', import.meta.url),
);

let stack: ProtectedStack;
let proxy: TestProxy;
const outputDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-conformance-server-'));

beforeAll(async () => {
  assertExternalToolsInstalled();
  stack = await startProtectedStack('stateful');
  const token = await stack.token(ALL_SCOPES.join(' '));
  proxy = await startTestProxy(new URL(stack.resource).origin, { injectToken: () => token });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await stack?.close();
  // Last resort: whatever did not stop by itself (the servers have shut down gracefully above).
  killAllTools();
  rmSync(outputDir, { recursive: true, force: true });
}, 30_000);

describe('MCP conformance suite: server scenarios through the token-injecting proxy', () => {
  it('refuses the suite without the proxy: the server is protected', async () => {
    const response = await fetch(stack.resource, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(response.status).toBe(401);
  });

  it('fails only the baseline checks that need fixtures the sample does not have', async () => {
    const run = runExternalTool(
      EXTERNAL_TOOLS.conformance,
      [
        'server',
        '--url',
        `${proxy.origin}/mcp`,
        '--expected-failures',
        EXPECTED_FAILURES,
        '--output-dir',
        outputDir,
        '--timeout',
        '20000',
      ],
      { timeoutMs: 240_000 },
    );
    const result = await run.done;
    const results = readConformanceResults(outputDir, 'server');
    const summary = result.stdout.slice(result.stdout.indexOf('=== SUMMARY ==='));
    expect(result.timedOut).toBe(false);
    expect(results.size, summary).toBeGreaterThanOrEqual(25);
    expect(result.code, `${summary}\n${describeNonSuccess(results).join('\n')}`).toBe(0);
    const statuses = new Set(proxy.exchanges().map((exchange) => exchange.status));
    expect(statuses.has(200)).toBe(true);
    // With a valid token injected, no request is refused for authentication.
    expect(statuses.has(401)).toBe(false);
    // The scenarios that exercise the protected transport itself pass outright.
    for (const scenario of [
      'server-initialize',
      'server-session-lifecycle',
      'ping',
      'tools-list',
      'resources-list',
      'prompts-list',
      'server-sse-multiple-streams',
      'dns-rebinding-protection',
    ]) {
      const checks = results.get(scenario) ?? [];
      expect(checks.filter((check) => check.status === 'SUCCESS').length, scenario).toBeGreaterThan(
        0,
      );
      expect(
        checks.filter((check) => check.status !== 'SUCCESS' && check.status !== 'INFO'),
        scenario,
      ).toEqual([]);
    }
  }, 300_000);
});
