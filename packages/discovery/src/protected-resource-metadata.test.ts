import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineProtectedResourceMetadata, parseProtectedResourceMetadata } from './index.js';
import { failure, metadataLike, parsesOrThrowsDiscoveryError } from './test-helpers.js';

const RESOURCE = 'https://mcp.example.com/mcp';
const valid = {
  resource: RESOURCE,
  authorization_servers: ['https://auth.example.com'],
  scopes_supported: ['mcp:tools', 'mcp:resources'],
  resource_name: 'Example',
} as const;

describe('defineProtectedResourceMetadata', () => {
  it('validates, defaults bearer_methods_supported to header, and deep-freezes', () => {
    const doc = defineProtectedResourceMetadata(valid);
    expect(doc).toEqual({ ...valid, bearer_methods_supported: ['header'] });
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc.authorization_servers)).toBe(true);
    expect(Object.isFrozen(doc.scopes_supported)).toBe(true);
  });

  it('leaves out a list with no element (RFC 9728 3.2), and still freezes', () => {
    const doc = defineProtectedResourceMetadata({ ...valid, scopes_supported: [] });
    expect('scopes_supported' in doc).toBe(false);
    expect(JSON.parse(JSON.stringify(doc))).not.toHaveProperty('scopes_supported');
    expect(doc.authorization_servers).toEqual(valid.authorization_servers);
    expect(Object.isFrozen(doc)).toBe(true);
  });

  it('keeps extension and language-tagged fields, and copies the input', () => {
    const input = { ...valid, 'resource_name#ja': 'エム', x_vendor: { nested: [1] } };
    const doc = defineProtectedResourceMetadata(input);
    expect(doc['resource_name#ja']).toBe('エム');
    expect(doc.x_vendor).toEqual({ nested: [1] });
    expect(Object.isFrozen(doc.x_vendor)).toBe(true);
    expect(Object.isFrozen(input.x_vendor)).toBe(false);
  });

  it('accepts every registered field with the right type', () => {
    const doc = defineProtectedResourceMetadata({
      ...valid,
      jwks_uri: 'https://mcp.example.com/jwks.json',
      bearer_methods_supported: ['header'],
      resource_signing_alg_values_supported: ['ES256'],
      resource_documentation: 'https://docs.example.com',
      resource_policy_uri: 'https://example.com/policy',
      resource_tos_uri: 'https://example.com/tos',
      tls_client_certificate_bound_access_tokens: false,
      authorization_details_types_supported: ['payment_initiation'],
      dpop_signing_alg_values_supported: ['ES256'],
      dpop_bound_access_tokens_required: false,
      signed_metadata: 'eyJ.eyJ.sig',
    });
    expect(doc.dpop_signing_alg_values_supported).toEqual(['ES256']);
  });

  it.each([
    [{ resource: 'http://mcp.example.com/mcp' }, 'ERR_DISCOVERY_URL_INSECURE', 'resource'],
    [{ resource: 'https://mcp.example.com/mcp#x' }, 'ERR_DISCOVERY_URL_FRAGMENT', 'resource'],
    [{ resource: 'https://u:p@mcp.example.com/mcp' }, 'ERR_DISCOVERY_URL_INVALID', 'resource'],
    [{ resource: '/mcp' }, 'ERR_DISCOVERY_URL_INVALID', 'resource'],
    [{ resource: 'javascript:alert(1)' }, 'ERR_DISCOVERY_URL_INSECURE', 'resource'],
    [{ resource: undefined }, 'ERR_DISCOVERY_FIELD_MISSING', 'resource'],
    [{ authorization_servers: undefined }, 'ERR_DISCOVERY_FIELD_MISSING', 'authorization_servers'],
    [{ authorization_servers: [] }, 'ERR_DISCOVERY_FIELD_EMPTY', 'authorization_servers'],
    [
      { authorization_servers: 'https://a.example' },
      'ERR_DISCOVERY_FIELD_TYPE',
      'authorization_servers',
    ],
    [
      { authorization_servers: ['https://a.example?x=1'] },
      'ERR_DISCOVERY_URL_QUERY',
      'authorization_servers',
    ],
    [
      { authorization_servers: ['http://a.example'] },
      'ERR_DISCOVERY_URL_INSECURE',
      'authorization_servers',
    ],
    [
      { bearer_methods_supported: ['header', 'query'] },
      'ERR_DISCOVERY_BEARER_METHOD_UNSUPPORTED',
      'bearer_methods_supported',
    ],
    [{ scopes_supported: ['offline_access'] }, 'ERR_DISCOVERY_FIELD_VALUE', 'scopes_supported'],
    [{ scopes_supported: ['a b'] }, 'ERR_DISCOVERY_FIELD_VALUE', 'scopes_supported'],
    [{ scopes_supported: ['a"'] }, 'ERR_DISCOVERY_FIELD_VALUE', 'scopes_supported'],
    [{ scopes_supported: [1] }, 'ERR_DISCOVERY_FIELD_TYPE', 'scopes_supported'],
    [{ resource_name: 7 }, 'ERR_DISCOVERY_FIELD_TYPE', 'resource_name'],
    [{ 'resource_name#de': 7 }, 'ERR_DISCOVERY_FIELD_TYPE', 'resource_name#de'],
    [{ jwks_uri: 'http://mcp.example.com/jwks' }, 'ERR_DISCOVERY_URL_INSECURE', 'jwks_uri'],
    [
      { resource_signing_alg_values_supported: ['none'] },
      'ERR_DISCOVERY_FIELD_VALUE',
      'resource_signing_alg_values_supported',
    ],
    [
      { resource_signing_alg_values_supported: ['ES256', 'NONE'] },
      'ERR_DISCOVERY_FIELD_VALUE',
      'resource_signing_alg_values_supported',
    ],
    [
      { dpop_bound_access_tokens_required: 'true' },
      'ERR_DISCOVERY_FIELD_TYPE',
      'dpop_bound_access_tokens_required',
    ],
  ] as const)('%j -> %s', (patch, code, field) => {
    const input = { ...valid, ...patch } as unknown as Parameters<
      typeof defineProtectedResourceMetadata
    >[0];
    expect(failure(() => defineProtectedResourceMetadata(input))).toEqual({ code, field });
  });

  it('refuses a non-object', () => {
    for (const input of [null, 'x', [valid]]) {
      expect(
        failure(() =>
          defineProtectedResourceMetadata(
            input as unknown as Parameters<typeof defineProtectedResourceMetadata>[0],
          ),
        ).code,
      ).toBe('ERR_DISCOVERY_METADATA_NOT_OBJECT');
    }
  });

  it('allows loopback http only with the explicit development option', () => {
    const dev = {
      ...valid,
      resource: 'http://127.0.0.1:3000/mcp',
      authorization_servers: ['http://localhost:4000'],
    };
    expect(failure(() => defineProtectedResourceMetadata(dev)).code).toBe(
      'ERR_DISCOVERY_URL_INSECURE',
    );
    expect(defineProtectedResourceMetadata(dev, { allowLoopbackHttp: true }).resource).toBe(
      'http://127.0.0.1:3000/mcp',
    );
    for (const host of ['10.0.0.1', '127.0.0.1.evil.example', '[::2]', 'localhost.evil.example']) {
      expect(
        failure(() =>
          defineProtectedResourceMetadata(
            { ...dev, resource: `http://${host}/mcp` },
            { allowLoopbackHttp: true },
          ),
        ).code,
        host,
      ).toBe('ERR_DISCOVERY_URL_INSECURE');
    }
    expect(
      defineProtectedResourceMetadata(
        { ...dev, resource: 'http://[::1]:3000/mcp' },
        { allowLoopbackHttp: true },
      ).resource,
    ).toBe('http://[::1]:3000/mcp');
  });

  it('throws TypeError for unknown options', () => {
    expect(() =>
      defineProtectedResourceMetadata(valid, { allowHttp: true } as unknown as {
        allowLoopbackHttp: boolean;
      }),
    ).toThrow(TypeError);
  });
});

describe('parseProtectedResourceMetadata', () => {
  it('accepts a document for the expected resource, keeping unknown fields', () => {
    const json = JSON.parse(
      `{"resource":"${RESOURCE}","authorization_servers":["https://auth.example.com"],"x":{"y":1},"__proto__":{"admin":true}}`,
    );
    const doc = parseProtectedResourceMetadata(json, { expectedResource: RESOURCE });
    expect(doc.x).toEqual({ y: 1 });
    expect(Object.getOwnPropertyDescriptor(doc, '__proto__')?.value).toEqual({ admin: true });
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(Object.isFrozen(doc)).toBe(true);
  });

  it('needs only resource (RFC 9728): discovery checks authorization_servers itself', () => {
    expect(
      parseProtectedResourceMetadata({ resource: RESOURCE }, { expectedResource: RESOURCE }),
    ).toEqual({
      resource: RESOURCE,
    });
  });

  it('refuses a document for another resource, compared as an exact string', () => {
    for (const resource of [
      'https://evil.example/mcp',
      'https://mcp.example.com/mcp/',
      'https://MCP.example.com/mcp',
      'https://mcp.example.com/',
    ]) {
      expect(
        failure(() => parseProtectedResourceMetadata({ resource }, { expectedResource: RESOURCE })),
      ).toEqual({
        code: 'ERR_DISCOVERY_RESOURCE_MISMATCH',
        field: 'resource',
      });
    }
  });

  it('checks the type of every registered field', () => {
    for (const [field, value] of [
      ['authorization_servers', [42]],
      ['scopes_supported', 'a b'],
      ['bearer_methods_supported', [null]],
      ['resource_name', ['x']],
      ['resource_documentation', 'not a url'],
      ['tls_client_certificate_bound_access_tokens', 1],
      ['signed_metadata', {}],
    ] as const) {
      const { code } = failure(() =>
        parseProtectedResourceMetadata(
          { resource: RESOURCE, [field]: value },
          { expectedResource: RESOURCE },
        ),
      );
      expect(code, field).toMatch(/^ERR_DISCOVERY_(FIELD_TYPE|URL_INVALID)$/);
    }
  });

  it('refuses extension values nested deeper than 32 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(
      failure(() =>
        parseProtectedResourceMetadata(
          { resource: RESOURCE, deep },
          { expectedResource: RESOURCE },
        ),
      ).code,
    ).toBe('ERR_DISCOVERY_FIELD_TYPE');
  });

  it('throws TypeError without expectedResource', () => {
    expect(() =>
      parseProtectedResourceMetadata(
        { resource: RESOURCE },
        {} as unknown as { expectedResource: string },
      ),
    ).toThrow(TypeError);
  });

  it('property: any JSON either parses or throws a DiscoveryError', () => {
    fc.assert(
      fc.property(
        metadataLike(
          [
            'resource',
            'authorization_servers',
            'scopes_supported',
            'resource_name',
            'jwks_uri',
            'x',
          ],
          [RESOURCE, ['https://a.example']],
        ),
        (json) =>
          parsesOrThrowsDiscoveryError(() => {
            const doc = parseProtectedResourceMetadata(json, { expectedResource: RESOURCE });
            expect(doc.resource).toBe(RESOURCE);
          }),
      ),
      { numRuns: 500 },
    );
  });

  it('property: a defined document parses back to itself', () => {
    fc.assert(
      fc.property(
        fc
          .webUrl({ validSchemes: ['https'] })
          .filter((url) => !url.includes('#') && !url.includes('@')),
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z:.]{0,10}$/), { maxLength: 4 }),
        (resource, scopes) => {
          const doc = defineProtectedResourceMetadata({
            resource,
            authorization_servers: ['https://auth.example.com'],
            scopes_supported: scopes.filter((s) => s !== 'offline_access'),
          });
          expect(
            parseProtectedResourceMetadata(JSON.parse(JSON.stringify(doc)), {
              expectedResource: resource,
            }),
          ).toEqual(doc);
        },
      ),
      { numRuns: 200 },
    );
  });
});
