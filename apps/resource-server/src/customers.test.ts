import { parseBearerChallenge } from '@gatehouse/discovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, jsonContentOf, messagesOf, rpc, startFixture } from './testing/fixture.js';

const READ = 'mcp:resources:customer-data:read';
const read = (uri: string) => rpc('resources/read', { uri });

describe('resource server: customer-data, restricted to the tenant claim', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it('reads a record of the token tenant through the SDK client', async () => {
    const { client } = await fx.connect(await fx.as.token(READ, { tenant: 'acme' }));
    const result = await client.readResource({ uri: 'customers://records/1001' });
    const record = jsonContentOf(result);
    expect(record).toMatchObject({
      id: '1001',
      tenant: 'acme',
      readBy: 'alice (client test-client)',
    });
  });

  it("refuses another tenant's record, and an unknown one, alike: 403 without a challenge", async () => {
    const { client, exchanges } = await fx.connect(await fx.as.token(READ, { tenant: 'acme' }));
    for (const uri of ['customers://records/2001', 'customers://records/9999']) {
      await expect(client.readResource({ uri })).rejects.toMatchObject({ code: 403 });
      expect(exchanges.at(-1)?.wwwAuthenticate, uri).toBeNull();
    }
    const response = await fx.post(
      await fx.as.token(READ, { tenant: 'acme' }),
      read('customers://records/2001'),
    );
    expect(response.status).toBe(403);
    const [message] = await messagesOf(response);
    expect(message).toMatchObject({ error: { data: { code: 'ERR_SCOPE_DENIED' } } });
  });

  it('gives a token without a usable tenant claim nothing, whatever its resource scope', async () => {
    for (const tenant of [undefined, '', null, 7, ['acme'], { $ne: 'nobody' }, { $exists: true }]) {
      for (const scope of [READ, 'mcp:resources:customer-data', 'mcp:resources:*', 'mcp:*']) {
        const token = await fx.as.token(scope, { tenant });
        for (const id of ['1001', '2001', '9999']) {
          const response = await fx.post(token, read(`customers://records/${id}`));
          expect(response.status, `${JSON.stringify(tenant)} ${scope} ${id}`).toBe(403);
        }
        const { client } = await fx.connect(token);
        expect(
          (await client.listResources()).resources,
          `${JSON.stringify(tenant)} ${scope}`,
        ).toEqual([]);
        expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
        await client.close();
      }
    }
  }, 30_000); // 28 tokens, each with an SDK client and three reads: slow on a loaded machine

  it('lists exactly the records of the token tenant, and the template', async () => {
    for (const [tenant, ids] of [
      ['acme', ['1001', '1002']],
      ['globex', ['2001', '2002']],
      ['initech', []],
    ] as const) {
      const { client } = await fx.connect(await fx.as.token(READ, { tenant }));
      const { resources } = await client.listResources();
      expect(
        resources.map((r) => r.uri),
        tenant,
      ).toEqual(ids.map((id) => `customers://records/${id}`));
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['customers://records/{id}']);
    }
  });

  it("never lists another tenant's records through a request sharing the list's id", async () => {
    const token = await fx.as.token(READ, { tenant: 'acme' });
    // the ping answered first under id 7 used to take the list's filter: every tenant's record went out
    for (const batch of [
      [rpc('ping', {}, 7), rpc('resources/list', {}, 7), rpc('ping', {}, 8)],
      [rpc('resources/list', {}, 7), rpc('ping', {}, 7), rpc('ping', {}, 8)],
    ]) {
      const response = await fx.post(token, batch, { 'mcp-protocol-version': '2025-06-18' });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: -32600 } });
      expect(text).not.toContain('records/2001');
    }
  });

  it('keeps the tenant condition under wildcard scopes', async () => {
    for (const scope of ['mcp:resources:customer-data', 'mcp:resources:*', 'mcp:*']) {
      const token = await fx.as.token(scope, { tenant: 'globex' });
      expect((await fx.post(token, read('customers://records/2002'))).status, scope).toBe(200);
      expect((await fx.post(token, read('customers://records/1002'))).status, scope).toBe(403);
    }
  });

  it('asks for the read scope (step-up) when the tenant matches but the scope is missing', async () => {
    const token = await fx.as.token('mcp:tools:weather', { tenant: 'acme' });
    const response = await fx.post(token, read('customers://records/1001'));
    expect(response.status).toBe(403);
    expect(parseBearerChallenge(response.headers.get('www-authenticate') ?? '')).toMatchObject({
      error: 'insufficient_scope',
      scope: ['mcp:tools:weather', READ],
    });
  });

  it("refuses a non-canonical URI that would reach another tenant's record", async () => {
    const token = await fx.as.token(READ, { tenant: 'acme' });
    for (const uri of [
      'customers://records/1001/../2001',
      'customers://records/../records/2001',
      'customers://records/1001/%2e%2e/2001',
      'customers://records/1001/.%2E/2001',
      'customers://records/./2001',
      'customers://records/1001/./../2001',
    ]) {
      const response = await fx.post(token, read(uri));
      expect(response.status, uri).toBe(400);
      const [message] = await messagesOf(response);
      expect(message, uri).toMatchObject({
        error: { code: -32602, data: { code: 'ERR_SCOPE_URI_NOT_CANONICAL' } },
      });
    }
    // spellings the URL parser keeps are canonical, match no record, and are refused like one
    for (const uri of [
      'customers://records/1001%2F..%2F2001',
      'customers://records/2001?',
      'customers://RECORDS/1001',
    ]) {
      expect((await fx.post(token, read(uri))).status, uri).toBe(403);
    }
  });
});
