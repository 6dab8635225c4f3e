import { readFileSync } from 'node:fs';
import type { AuditRecord } from '@gatehouse/audit';
import { verifyAuditFiles } from '@gatehouse/audit/node';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startResourceServer, validateConfig } from './index.js';
import { messagesOf, rpc, startFixture } from './testing/fixture.js';

describe('startResourceServer: audit and lifecycle', () => {
  it('records every decision in a hash-chained file that verifies, without any token in it', async () => {
    const fx = await startFixture();
    const allowed = await fx.as.token('mcp:tools:weather', { subject: 'alice' });
    const foreign = await fx.as.token('mcp:tools:weather', {
      audience: 'https://mcp.example.com/mcp',
    });
    const { client } = await fx.connect(allowed);
    await client.callTool({ name: 'weather', arguments: { city: 'Oslo' } });
    await expect(client.callTool({ name: 'whoami', arguments: {} })).rejects.toMatchObject({
      code: 403,
    });
    expect((await fx.post(foreign, rpc('ping'))).status).toBe(401);
    await fx.close({ keepFiles: true });
    await fx.server.close(); // idempotent

    const verdict = await verifyAuditFiles([fx.auditFile]);
    expect(verdict.ok).toBe(true);
    const text = readFileSync(fx.auditFile, 'utf8');
    expect(text).not.toContain(allowed);
    expect(text).not.toContain(foreign);
    const records = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditRecord);
    const types = new Set(records.map((record) => record.type));
    for (const type of ['token.verified', 'token.rejected', 'access.allowed', 'access.denied']) {
      expect(types, type).toContain(type);
    }
    expect(records.find((record) => record.type === 'access.denied')).toMatchObject({
      actor: { sub: 'alice', clientId: 'test-client' },
      target: { type: 'tool', id: 'whoami' },
      reason: 'ERR_SCOPE_DENIED',
      details: { requiredScopes: ['mcp:tools:whoami'] },
    });
    expect(records.find((record) => record.type === 'token.rejected')).toMatchObject({
      reason: 'ERR_TOKEN_AUDIENCE_INVALID',
    });
    fx.removeFiles();
  });

  it('fails to start on a port in use, and leaves nothing open', async () => {
    const fx = await startFixture();
    const { port } = new URL(fx.server.url);
    const config = validateConfig({
      dev: true,
      port: Number(port),
      issuer: fx.as.issuer,
      auditFile: `${fx.auditFile}.second`,
    });
    await expect(
      startResourceServer(config, { log: pino({ level: 'silent' }) }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await fx.close();
  });

  it('logs one line per request at info (path only, never the query), and none at warn', async () => {
    const fx = await startFixture();
    const lines = async (level: 'info' | 'warn'): Promise<Record<string, unknown>[]> => {
      const written: string[] = [];
      const log = pino({ level }, { write: (line: string) => written.push(line) });
      const config = validateConfig({
        dev: true,
        port: 0,
        issuer: fx.as.issuer,
        auditFile: `${fx.auditFile}.${level}`,
      });
      const server = await startResourceServer(config, { log });
      await fetch(`${server.url}?access_token=secret-in-query`, { method: 'POST' });
      await server.close();
      return written.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
    };
    const info = await lines('info');
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ method: 'POST', path: '/mcp', status: 400 }); // a query token is refused
    expect(typeof info[0]?.ms).toBe('number');
    expect(JSON.stringify(info)).not.toContain('secret-in-query');
    expect(await lines('warn')).toEqual([]);
    await fx.close();
  });

  it('binds stateful sessions to their subject: another token gets 404 for the session (R13)', async () => {
    const fx = await startFixture({ sessions: 'stateful' });
    const alice = await fx.as.token('mcp:tools:weather', { subject: 'alice' });
    const bob = await fx.as.token('mcp:tools:weather', { subject: 'bob' });
    const init = await fx.post(
      alice,
      rpc('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      }),
    );
    expect(init.status).toBe(200);
    const session = init.headers.get('mcp-session-id') ?? '';
    expect(session).not.toBe('');
    await messagesOf(init);
    const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
    expect((await fx.post(alice, rpc('tools/list', {}, 2), headers)).status).toBe(200);
    expect((await fx.post(bob, rpc('tools/list', {}, 3), headers)).status).toBe(404);
    // and the SDK client works in this mode too
    const { client } = await fx.connect(alice);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['weather']);
    await fx.close();
  });
});
