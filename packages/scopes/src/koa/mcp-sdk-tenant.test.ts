import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { definePolicy } from '../index.js';
import {
  type Fixture,
  ORIGIN,
  readResource,
  resolveResource,
  startFixture,
} from './sdk-fixture.js';

/** The README's tenant example, as written there. */
const policy = definePolicy({ claims: ['tenant'], attributes: { Resource: ['tenant'] } })
  .replace('mcp:resources:{resource}', ({ resource }, { can, claims }) => {
    can('read', 'Resource', { name: resource, tenant: claims.tenant });
  })
  .build();

const SCOPES = 'mcp:resources:customer-data:read';
const record = (id: string) => `${ORIGIN}/customer-data/${id}`;
const list = { jsonrpc: '2.0', id: 1, method: 'resources/list' };

describe('a tenant condition from a claim, behind mcpGuard and the MCP SDK', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startFixture({ policy, resolveResource });
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.served.length = 0;
  });

  const read = (id: string, claims?: Record<string, unknown>, scopes = SCOPES) =>
    fixture.post(readResource(record(id)), { scopes, ...(claims ? { claims } : {}) });
  const listed = async (claims?: Record<string, unknown>) => {
    const response = await fixture.post(list, { scopes: SCOPES, ...(claims ? { claims } : {}) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { resources: { uri: string }[] } };
    return body.result.resources.map((resource) => resource.uri);
  };

  it('serves a record of the token tenant', async () => {
    expect((await read('42', { tenant: 'acme' })).status).toBe(200);
    expect((await read('43', { tenant: 'globex' })).status).toBe(200);
    expect(fixture.served).toEqual([
      `customer-data ${record('42')}`,
      `customer-data ${record('43')}`,
    ]);
  });

  it('refuses a record of another tenant with 403, a JSON-RPC error and no challenge', async () => {
    const response = await read('43', { tenant: 'acme' });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { data: { code: 'ERR_SCOPE_DENIED' } } });
    expect(fixture.served).toEqual([]);
  });

  it('gives a token without the claim (or with a null or operator claim) nothing at all', async () => {
    for (const claims of [undefined, {}, { tenant: null }, { tenant: { $ne: 'x' } }]) {
      for (const scopes of [SCOPES, 'mcp:resources:customer-data', 'mcp:resources:*']) {
        for (const id of ['42', '43', '99']) {
          const response = await read(id, claims, scopes);
          expect(response.status, `${JSON.stringify(claims)} ${scopes} ${id}`).toBe(403);
        }
      }
      expect(await listed(claims)).toEqual([]);
    }
    expect(fixture.served).toEqual([]);
  });

  it('never serves a record without a tenant, whatever the claim', async () => {
    for (const tenant of ['acme', 'globex', '']) {
      expect((await read('99', { tenant })).status).toBe(403);
    }
  });

  it('lists exactly the records the token may read (and no non-canonical entry)', async () => {
    expect(await listed({ tenant: 'acme' })).toEqual([record('42')]);
    expect(await listed({ tenant: 'globex' })).toEqual([record('43')]);
  });

  it('applies to every scope that grants read: the bare scope and the wildcard', async () => {
    for (const scopes of ['mcp:resources:customer-data', 'mcp:resources:*', 'mcp:*']) {
      const own = await fixture.post(readResource(record('42')), {
        scopes,
        claims: { tenant: 'acme' },
      });
      expect(own.status, scopes).toBe(200);
      const other = await fixture.post(readResource(record('43')), {
        scopes,
        claims: { tenant: 'acme' },
      });
      expect(other.status, scopes).toBe(403);
      const none = await fixture.post(readResource(record('99')), { scopes });
      expect(none.status, scopes).toBe(403);
    }
  });

  it('lists the template of the records a token may read, and none to a token without the claim', async () => {
    const templates = async (scopes: string, claims?: Record<string, unknown>) => {
      const body = { jsonrpc: '2.0', id: 1, method: 'resources/templates/list' };
      const response = await fixture.post(body, { scopes, ...(claims ? { claims } : {}) });
      expect(response.status).toBe(200);
      const json = (await response.json()) as { result: { resourceTemplates: { name: string }[] } };
      return json.result.resourceTemplates.map((template) => template.name);
    };
    expect(await templates(SCOPES, { tenant: 'acme' })).toEqual(['customer-data']);
    expect(await templates('mcp:resources:*', { tenant: 'globex' })).toEqual([
      'public',
      'customer-data',
    ]);
    for (const claims of [undefined, {}, { tenant: null }, { tenant: { $ne: 'x' } }]) {
      expect(await templates(SCOPES, claims), JSON.stringify(claims)).toEqual([]);
      expect(await templates('mcp:*', claims), JSON.stringify(claims)).toEqual([]);
    }
    expect(await templates('mcp:tools:*', { tenant: 'acme' })).toEqual([]);
    // listing the template reads no record: another tenant's record is still refused
    expect((await read('43', { tenant: 'acme' })).status).toBe(403);
    expect(fixture.served).toEqual([]);
  });

  it('decides completion/complete of a template by its resolved name, never leaking records', async () => {
    const complete = (
      target: Fixture,
      uri: string,
      token: { scopes: string; claims?: Record<string, unknown> },
    ) =>
      target.post(
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'completion/complete',
          params: { ref: { type: 'ref/resource', uri }, argument: { name: 'id', value: '4' } },
        },
        token,
      );
    const template = `${ORIGIN}/customer-data/{id}`;
    // the default policy: the name resolveResource gives the template decides, as for listing it
    const plain = await startFixture({ policy: definePolicy().build(), resolveResource });
    try {
      const allowed = await complete(plain, template, { scopes: SCOPES });
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toMatchObject({
        result: { completion: { values: ['42', '43', '99'] } },
      });
      const other = await complete(plain, `${ORIGIN}/public/{file}`, { scopes: SCOPES });
      expect(other.status).toBe(403);
      expect(other.headers.get('www-authenticate')).toContain(
        'scope="mcp:resources:customer-data:read mcp:resources:public:read"',
      );
      const none = await complete(plain, template, { scopes: 'mcp:tools:weather' });
      expect(none.status).toBe(403);
      expect(none.headers.get('www-authenticate')).toContain(
        'scope="mcp:tools:weather mcp:resources:customer-data:read"',
      );
    } finally {
      await plain.close();
    }
    // a tenant condition: the completer answers with every tenant's ids, so it is refused (no challenge)
    for (const claims of [{ tenant: 'acme' }, undefined]) {
      const response = await complete(fixture, template, {
        scopes: SCOPES,
        ...(claims ? { claims } : {}),
      });
      expect(response.status, JSON.stringify(claims)).toBe(403);
      expect(response.headers.get('www-authenticate')).toBeNull();
    }
  });

  it('still asks for the scope (403 insufficient_scope) when the token lacks it', async () => {
    const response = await fixture.post(readResource(record('42')), {
      scopes: 'mcp:tools:weather',
      claims: { tenant: 'acme' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain(
      'scope="mcp:tools:weather mcp:resources:customer-data:read"',
    );
  });
});
