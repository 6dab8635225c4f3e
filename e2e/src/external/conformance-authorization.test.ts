import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../free-port.js';
import {
  type AuthServerProcess,
  registerPublicClient,
  startAuthServerProcess,
} from './auth-server-process.js';
import { describeNonSuccess, readConformanceResults } from './conformance-results.js';
import {
  assertExternalToolsInstalled,
  EXTERNAL_TOOLS,
  killAllTools,
  runExternalTool,
} from './external-tools.js';
import { authorizeInBrowser } from './headless-browser.js';

/**
 * The official MCP conformance suite's authorization-server mode against the Gatehouse authorization
 * server, run headlessly: the suite prints the authorization URL it wants a browser to open, and the
 * test signs in and consents with plain HTTP requests before the suite's callback server receives the
 * code. Every check of both scenarios must be SUCCESS (warnings included).
 */
const RESOURCE = 'http://127.0.0.1:3000/mcp';
const SCENARIOS = ['authorization-server-metadata-endpoint', 'authorization-code-grant'];

let server: AuthServerProcess;
const outputDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-conformance-as-'));

beforeAll(async () => {
  assertExternalToolsInstalled();
  server = await startAuthServerProcess([
    { uri: RESOURCE, scopes: ['mcp:tools:*', 'mcp:resources:*', 'mcp:prompts:*'] },
  ]);
}, 30_000);

afterAll(async () => {
  await server?.close();
  // Last resort: whatever did not stop by itself (the servers have shut down gracefully above).
  killAllTools();
  rmSync(outputDir, { recursive: true, force: true });
}, 20_000);

describe('MCP conformance suite: authorization server', () => {
  it('passes every check of the metadata and authorization code grant scenarios', async () => {
    const callbackPort = await freePort();
    const clientId = await registerPublicClient(
      server.issuer,
      `http://127.0.0.1:${callbackPort}/callback`,
      'MCP conformance suite',
    );
    // Without --scenario the suite runs both authorization-server scenarios in order; the code grant
    // reads the metadata the first one fetched, so they cannot run as separate invocations.
    const run = runExternalTool(
      EXTERNAL_TOOLS.conformance,
      [
        'authorization',
        '--url',
        server.issuer,
        '--client-id',
        clientId,
        '--resource',
        RESOURCE,
        '--port',
        String(callbackPort),
        '--output-dir',
        outputDir,
      ],
      { timeoutMs: 60_000 },
    );
    const [authorizationUrl = ''] = await run.waitForLine(
      new RegExp(`^${server.issuer.replaceAll('.', '\\.')}/authorize\\?\\S+$`),
      30_000,
    );
    const callback = await authorizeInBrowser(authorizationUrl, server.demo);
    expect(new URL(callback).origin).toBe(`http://127.0.0.1:${callbackPort}`);
    expect(new URL(callback).searchParams.get('iss')).toBe(server.issuer);
    await run.waitForLine(/^Callback server started: /, 10_000);
    const delivered = await fetch(callback);
    expect(delivered.status).toBe(200);
    const result = await run.done;

    const results = readConformanceResults(outputDir, 'authorization-server');
    expect([...results.keys()].sort()).toEqual([...SCENARIOS].sort());
    expect(describeNonSuccess(results), result.stdout).toEqual([]);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const ids = [...results.values()].flat().map((check) => check.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'authorization-server-metadata',
        'authorization-server-metadata-cimd',
        'authorization-code-grant',
      ]),
    );
  }, 90_000);
});
