import { describe, expect, it } from 'vitest';
import { authorizeMcpRequest, definePolicy, filterListResult, mcpSubject } from './index.js';
import { thrownCode } from './test-helpers.js';

const policy = definePolicy().build();
const DOCS = 'file:///docs/a.md';
const resolveResource = (uri: string) =>
  uri.startsWith('file:///docs/') ? { name: 'docs' } : undefined;
const message = (method: string, uri: string, id = 1) => ({
  jsonrpc: '2.0',
  id,
  method,
  params: { uri },
});
const allowed = (scopes: string[], method: string, uri = DOCS) =>
  authorizeMcpRequest(policy.abilityFor({ scopes }), message(method, uri), { resolveResource })
    .allowed;

describe('resource scopes and their actions', () => {
  it('grants read with :read, subscribe and unsubscribe with :subscribe, and both with the bare scope', () => {
    const table: [string, boolean, boolean][] = [
      ['mcp:resources:docs:read', true, false],
      ['mcp:resources:docs:subscribe', false, true],
      ['mcp:resources:docs', true, true],
      ['mcp:resources:*', true, true],
      ['mcp:resources:*:read', true, false],
      ['mcp:resources:*:subscribe', false, true],
      ['mcp:resources:other:read', false, false],
    ];
    for (const [scope, read, subscribe] of table) {
      expect(allowed([scope], 'resources/read'), scope).toBe(read);
      expect(allowed([scope], 'resources/subscribe'), scope).toBe(subscribe);
      expect(allowed([scope], 'resources/unsubscribe'), scope).toBe(subscribe);
    }
  });

  it('names the narrow scope each action needs', () => {
    const docs = mcpSubject('Resource', { uri: DOCS, name: 'docs' });
    expect(policy.requiredScopesFor('read', docs)).toEqual(['mcp:resources:docs:read']);
    expect(policy.requiredScopesFor('subscribe', docs)).toEqual(['mcp:resources:docs:subscribe']);
    const decision = authorizeMcpRequest(
      policy.abilityFor({ scopes: ['mcp:resources:docs:read'] }),
      message('resources/subscribe', DOCS),
      { resolveResource },
    );
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) {
      expect(decision.error.requiredScopes).toEqual(['mcp:resources:docs:subscribe']);
    }
  });

  it('lets the narrow scopes follow a replaced mcp:resources:{resource}, and keep their own when it is removed', () => {
    const narrowed = definePolicy()
      .replace('mcp:resources:{resource}', ({ resource }, { can }) => {
        can('read', 'Resource', { name: resource, uri: { $regex: '^file:///docs/' } });
      })
      .build();
    const reader = narrowed.abilityFor({ scopes: ['mcp:resources:docs:read'] });
    expect(reader.can('read', mcpSubject('Resource', { name: 'docs', uri: DOCS }))).toBe(true);
    const elsewhere = mcpSubject('Resource', { name: 'docs', uri: 'file:///etc/docs' });
    expect(reader.can('read', elsewhere)).toBe(false);
    // the replacement grants no subscribe, so neither does the :subscribe scope
    const subscriber = narrowed.abilityFor({ scopes: ['mcp:resources:docs:subscribe'] });
    expect(subscriber.can('subscribe', mcpSubject('Resource', { name: 'docs', uri: DOCS }))).toBe(
      false,
    );
    const removed = definePolicy().remove('mcp:resources:{resource}').build();
    const ability = removed.abilityFor({ scopes: ['mcp:resources:docs:read', 'mcp:resources:x'] });
    expect(ability.can('read', mcpSubject('Resource', { name: 'docs' }))).toBe(true);
    expect(ability.can('read', mcpSubject('Resource', { name: 'x' }))).toBe(false);
  });

  it('refuses a non-canonical or non-URL resource URI with a coded error', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:resources:*'] });
    for (const method of ['resources/read', 'resources/subscribe', 'resources/unsubscribe']) {
      for (const [uri, code] of [
        ['file:///docs/../secrets/a', 'ERR_SCOPE_URI_NOT_CANONICAL'],
        ['FILE:///docs/a.md', 'ERR_SCOPE_URI_NOT_CANONICAL'],
        ['docs/a.md', 'ERR_SCOPE_URI_INVALID'],
      ] as const) {
        expect(
          thrownCode(() => authorizeMcpRequest(ability, message(method, uri))),
          uri,
        ).toBe(code);
      }
    }
    // a batch is refused as a whole
    const batch = [
      message('resources/read', DOCS, 1),
      message('resources/read', 'file:///docs/./a.md', 2),
    ];
    expect(thrownCode(() => authorizeMcpRequest(ability, batch))).toBe(
      'ERR_SCOPE_URI_NOT_CANONICAL',
    );
  });

  it('hands the canonical URI to resolveResource and puts it on the subject', () => {
    const seen: string[] = [];
    const decision = authorizeMcpRequest(
      policy.abilityFor({ scopes: ['mcp:resources:docs:read'] }),
      message('resources/read', DOCS),
      {
        resolveResource: (uri) => {
          seen.push(uri);
          return { name: 'docs', attributes: { uri: 'x', name: 'y' } };
        },
      },
    );
    expect(seen).toEqual([DOCS]);
    expect(decision.allowed).toBe(true);
    expect(decision.operations[0]?.subject).toMatchObject({ uri: DOCS, name: 'docs' });
  });
});

describe('filterListResult with resources', () => {
  const ability = policy.abilityFor({ scopes: ['mcp:resources:docs:read'] });

  it('drops entries whose URI is not canonical, or missing', () => {
    const result = {
      resources: [
        { name: 'docs', uri: DOCS },
        { name: 'docs', uri: 'file:///docs/../secrets/a' },
        { name: 'docs', uri: 'FILE:///docs/b' },
        { name: 'docs' },
        { name: 'docs', uri: ['file:///docs/c'] },
      ],
    };
    expect(filterListResult(ability, 'resources/list', result)).toEqual({
      resources: [{ name: 'docs', uri: DOCS }],
    });
  });

  it('decides each listed resource as a read of its URI would be, with the resolver', () => {
    const result = {
      resources: [
        { name: 'docs', uri: DOCS },
        { name: 'docs', uri: 'file:///secrets/b' },
      ],
    };
    // without a resolver the listed name counts; with it, the resolver decides, as for a read
    expect(filterListResult(ability, 'resources/list', result).resources).toHaveLength(2);
    expect(filterListResult(ability, 'resources/list', result, { resolveResource })).toEqual({
      resources: [{ name: 'docs', uri: DOCS }],
    });
  });
});
