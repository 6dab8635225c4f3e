import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditFiles } from '@gatehouse/audit/node';
import { parseAuthorizationServerMetadata } from '@gatehouse/discovery';
import { describe, expect, it } from 'vitest';
import { createStore } from './store/index.js';
import { addClient, postForm, startTestServer } from './testing/test-server.js';

async function registerOnce(url: string, name = 'c') {
  const response = await fetch(`${url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:1/cb'], client_name: name }),
  });
  expect(response.status).toBe(201);
}

describe('startAuthServer', () => {
  it('saves the audit head in the database on a timer and at shutdown; a rewritten log fails against it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-'));
    const auditFile = join(dir, 'audit.log');
    const store = await createStore({ url: 'sqlite::memory:' });
    try {
      const server = await startTestServer(
        { auditFile },
        { store: { ...store, close: async () => {} }, maintenanceIntervalMs: 50 },
      );
      await registerOnce(server.url, 'one');
      await expect
        .poll(async () => (await store.audit.latestHead())?.seq ?? 0, { timeout: 5000 })
        .toBeGreaterThan(0);
      await registerOnce(server.url, 'two');
      await server.close();
      const head = await store.audit.latestHead();
      const lines = readFileSync(auditFile, 'utf8').trim().split('\n');
      expect(head?.seq).toBe(lines.length);
      const anchor = { seq: head?.seq ?? 0, hash: head?.hash ?? '' };
      expect(await verifyAuditFiles([auditFile], { anchor })).toMatchObject({ ok: true });

      // an attacker rewrites the log (drops the last record): the chain alone still verifies,
      // the saved head does not
      writeFileSync(auditFile, `${lines.slice(0, -1).join('\n')}\n`);
      expect(await verifyAuditFiles([auditFile])).toMatchObject({ ok: true });
      const verdict = await verifyAuditFiles([auditFile], { anchor });
      expect(verdict.ok).toBe(false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs deleteExpired on its timer', async () => {
    const store = await createStore({ url: 'sqlite::memory:' });
    let calls = 0;
    const server = await startTestServer(
      {},
      {
        store: {
          ...store,
          close: async () => {},
          deleteExpired: (now) => {
            calls++;
            return store.deleteExpired(now);
          },
        },
        maintenanceIntervalMs: 30,
      },
    );
    await expect.poll(() => calls, { timeout: 5000 }).toBeGreaterThan(1);
    await server.close();
    await store.close();
  });

  it('drains an in-flight request before closing, then refuses connections', async () => {
    const server = await startTestServer();
    const client = await addClient(server, { token_endpoint_auth_method: 'none' });
    const body = `grant_type=refresh_token&refresh_token=x&client_id=${client.clientId}`;
    let sentHead: () => void = () => {};
    const headSent = new Promise<void>((resolve) => {
      sentHead = resolve;
    });
    const req = request(`${server.url}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
      },
    });
    const status = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    req.write(body.slice(0, 10), () => sentHead());
    await headSent;
    await new Promise((resolve) => setTimeout(resolve, 100));
    // the request is in flight (half its body sent) when the server starts closing
    const closing = server.close();
    req.end(body.slice(10));
    expect(await status).toBe(400);
    await closing;
    await expect(fetch(`${server.url}/jwks.json`)).rejects.toThrow();
  });

  it('serves an issuer with a path: path-inserted metadata, endpoints under the path', async () => {
    const server = await startTestServer({ issuer: 'http://127.0.0.1:0/tenant1' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tenant1$/);
      const origin = new URL(server.url).origin;
      const json = await (
        await fetch(`${origin}/.well-known/oauth-authorization-server/tenant1`)
      ).json();
      const metadata = parseAuthorizationServerMetadata(json, {
        expectedIssuer: server.url,
        allowLoopbackHttp: true,
      });
      expect(metadata.token_endpoint).toBe(`${server.url}/token`);
      expect((await fetch(`${server.url}/jwks.json`)).status).toBe(200);
      await registerOnce(server.url);
      const token = await postForm(`${server.url}/token`, { grant_type: 'client_credentials' });
      expect(token.status).toBe(401);
      expect((await fetch(`${origin}/token`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
