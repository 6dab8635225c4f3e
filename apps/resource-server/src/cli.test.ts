import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';

describe('gatehouse-mcp-server CLI', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints the help with every environment variable and exits 0', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(['--help'], {})).toBe(0);
    const text = out.mock.calls.map(([chunk]) => String(chunk)).join('');
    for (const name of [
      'GATEHOUSE_MCP_ISSUER',
      'GATEHOUSE_MCP_INTROSPECTION_URL',
      '--scopes-supported',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('exits 2 with every problem named for a bad configuration', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['--port', 'x'], {})).toBe(2);
    expect(await main(['--nope'], {})).toBe(2);
    expect(await main([], {})).toBe(2); // no --dev: resource and issuer are required
    const text = err.mock.calls.map(([chunk]) => String(chunk)).join('');
    expect(text).toContain('--port');
    expect(text).toContain('resource: required');
    expect(text).toContain('issuer: required');
  });

  it('starts with --dev (the defaults) and the environment, and stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    const running = await main(['--dev', '--port', '0', '--log-level', 'silent'], {
      GATEHOUSE_MCP_AUDIT_FILE: join(dir, 'audit.log'),
      GATEHOUSE_MCP_ISSUER: 'http://127.0.0.1:9',
    });
    if (typeof running === 'number') throw new Error(`exit ${running}`);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(running.issuer).toBe('http://127.0.0.1:9');
    const response = await fetch(running.resourceMetadataUrl);
    expect(await response.json()).toMatchObject({ authorization_servers: ['http://127.0.0.1:9'] });
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
