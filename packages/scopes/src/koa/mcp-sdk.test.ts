import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { definePolicy } from '../index.js';
import {
  type Fixture,
  ORIGIN,
  readResource,
  resolveResource,
  startFixture,
} from './sdk-fixture.js';

/** Every spelling the WHATWG URL parser rewrites into `…/customer-data/42`, starting from public. */
const TRAVERSALS = [
  `${ORIGIN}/public/../customer-data/42`,
  `${ORIGIN}/public/%2e%2e/customer-data/42`,
  `${ORIGIN}/public/%2E%2E/customer-data/42`,
  `${ORIGIN}/public/.%2E/customer-data/42`,
  `${ORIGIN}/public/%2e./customer-data/42`,
  `${ORIGIN}/public/./../customer-data/42`,
  `${ORIGIN}/public\\..\\customer-data\\42`,
  `${ORIGIN}/public/x/../../customer-data/42`,
];
/** Spellings of `…/customer-data/42` itself that a string rule on the URI does not recognise. */
const DISGUISES = [
  'https://EXAMPLE.com/customer-data/42',
  'https://Example.Com/customer-data/42',
  'HTTPS://example.com/customer-data/42',
  'https://example.com:443/customer-data/42',
  'https://example.com\\customer-data\\42',
  ' https://example.com/customer-data/42',
  'https://example.com/customer-data/42\t',
  'https://example.com/customer-data/4\n2',
];
const NOT_URLS = ['customer-data/42', '//example.com/customer-data/42', 'https://', 'not a uri'];

async function expectRefused(fixture: Fixture, response: Response, code: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get('www-authenticate')).toBeNull();
  expect(await response.json()).toMatchObject({
    jsonrpc: '2.0',
    id: 1,
    error: { code: -32602, data: { code } },
  });
  expect(fixture.served).toEqual([]);
}

describe('mcpGuard decides on the URI the MCP SDK serves (behind McpServer)', () => {
  const fixtures: Fixture[] = [];
  afterAll(async () => {
    for (const fixture of fixtures) await fixture.close();
  });
  const start = async (options: Parameters<typeof startFixture>[0]) => {
    const fixture = await startFixture(options);
    fixtures.push(fixture);
    return fixture;
  };

  describe('with a URI-prefix rule', () => {
    let fixture: Fixture;
    const token = { scopes: 'files:public' };
    beforeAll(async () => {
      const policy = definePolicy({ mcpDefaults: false })
        .rule('files:public', (_variables, { can }) => {
          can('read', 'Resource', { uri: { $regex: '^https://example\\.com/public/' } });
        })
        .build();
      fixture = await start({ policy });
    });
    beforeEach(() => {
      fixture.served.length = 0;
    });

    it('serves a public file to a token for public files', async () => {
      const response = await fixture.post(readResource(`${ORIGIN}/public/readme.md`), token);
      expect(response.status).toBe(200);
      expect(fixture.served).toEqual([`public ${ORIGIN}/public/readme.md`]);
      const denied = await fixture.post(readResource(`${ORIGIN}/customer-data/42`), token);
      expect(denied.status).toBe(403);
      expect(fixture.served).toHaveLength(1);
    });

    for (const uri of TRAVERSALS) {
      it(`refuses ${JSON.stringify(uri)} before the SDK can serve customer data`, async () => {
        const response = await fixture.post(readResource(uri), token);
        await expectRefused(fixture, response, 'ERR_SCOPE_URI_NOT_CANONICAL');
      });
    }

    it('refuses values that are not absolute URLs', async () => {
      for (const uri of NOT_URLS) {
        const response = await fixture.post(readResource(uri), token);
        await expectRefused(fixture, response, 'ERR_SCOPE_URI_INVALID');
      }
    });

    it('refuses a traversal in subscribe and unsubscribe too', async () => {
      for (const method of ['resources/subscribe', 'resources/unsubscribe']) {
        const body = { jsonrpc: '2.0', id: 1, method, params: { uri: TRAVERSALS[0] } };
        await expectRefused(
          fixture,
          await fixture.post(body, token),
          'ERR_SCOPE_URI_NOT_CANONICAL',
        );
      }
    });

    it('keeps an encoded slash as it is: the SDK serves the public handler the guard allowed', async () => {
      const uri = `${ORIGIN}/public/..%2Fcustomer-data%2F42`;
      const response = await fixture.post(readResource(uri), token);
      expect(response.status).toBe(200);
      expect(fixture.served).toEqual([`public ${uri}`]);
    });

    it('refuses a batch that hides one traversal among permitted reads', async () => {
      const response = await fixture.post(
        [readResource(`${ORIGIN}/public/a`, 1), readResource(TRAVERSALS[1] as string, 2)],
        token,
      );
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe(-32602);
      expect(fixture.served).toEqual([]);
    });
  });

  describe('with resolveResource matching the server templates', () => {
    let fixture: Fixture;
    beforeAll(async () => {
      fixture = await start({ policy: definePolicy().build(), resolveResource });
    });
    beforeEach(() => {
      fixture.served.length = 0;
    });

    for (const scopes of ['mcp:resources:public', 'mcp:resources:public:read']) {
      it(`refuses every traversal into customer data to ${scopes}`, async () => {
        for (const uri of TRAVERSALS) {
          const response = await fixture.post(readResource(uri), { scopes });
          await expectRefused(fixture, response, 'ERR_SCOPE_URI_NOT_CANONICAL');
        }
        const response = await fixture.post(readResource(`${ORIGIN}/public/a.md`), { scopes });
        expect(response.status).toBe(200);
        expect(fixture.served).toEqual([`public ${ORIGIN}/public/a.md`]);
      });
    }
  });

  describe('with a deny rule on the URI', () => {
    let fixture: Fixture;
    const token = { scopes: 'files:all' };
    beforeAll(async () => {
      const policy = definePolicy({ mcpDefaults: false })
        .rule('files:all', (_variables, { can }) => can('read', 'Resource'))
        .always('no-customer-data', ({ cannot }) => {
          cannot('read', 'Resource', {
            uri: { $regex: '^https://example\\.com/customer-data/' },
          }).because('customer data is off limits');
        })
        .build();
      fixture = await start({ policy });
    });
    beforeEach(() => {
      fixture.served.length = 0;
    });

    it('refuses host case, scheme case, default ports, backslashes and stray whitespace', async () => {
      for (const uri of DISGUISES) {
        const response = await fixture.post(readResource(uri), token);
        await expectRefused(fixture, response, 'ERR_SCOPE_URI_NOT_CANONICAL');
      }
    });

    it('answers the canonical spelling with 403 and a JSON-RPC error, never a challenge', async () => {
      const response = await fixture.post(readResource(`${ORIGIN}/customer-data/42`), token);
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(await response.json()).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: {
          code: -32000,
          message: 'customer data is off limits',
          data: { code: 'ERR_SCOPE_DENIED' },
        },
      });
      expect(fixture.served).toEqual([]);
    });
  });
});
