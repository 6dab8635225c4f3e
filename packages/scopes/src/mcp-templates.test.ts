import { describe, expect, it } from 'vitest';
import { authorizeMcpRequest, definePolicy, filterListResult, type PolicyToken } from './index.js';

const TEMPLATES = {
  resourceTemplates: [
    { name: 'customer-data', uriTemplate: 'customers://records/{id}' },
    { name: 'docs', uriTemplate: 'file:///docs/{path}' },
    { name: ['customer-data'], uriTemplate: 'x://{id}' },
    { uriTemplate: 'reports://{id}' },
  ],
};

/** The README's tenant policy: records readable only in the token's tenant. */
const tenantPolicy = definePolicy({ claims: ['tenant'], attributes: { Resource: ['tenant'] } })
  .replace('mcp:resources:{resource}', ({ resource }, { can, claims }) => {
    can(['read', 'subscribe'], 'Resource', { name: resource, tenant: claims.tenant });
    can(['read', 'subscribe'], 'Resource', { uriTemplate: resource, tenant: claims.tenant });
  })
  .build();

const listedBy = (policy: ReturnType<typeof tenantPolicy.abilityFor> | undefined) => {
  const ability = policy ?? tenantPolicy.abilityFor({ scopes: [] });
  return filterListResult(ability, 'resources/templates/list', TEMPLATES).resourceTemplates.map(
    (template) => template.uriTemplate,
  );
};
const listed = (token: PolicyToken, policy = tenantPolicy) => listedBy(policy.abilityFor(token));

describe('resources/templates/list: a template is listed when some record of it may be read', () => {
  it('lists a template to a token that may read some record of it, ignoring attribute conditions', () => {
    const scopes = ['mcp:resources:customer-data:read'];
    expect(listed({ scopes, claims: { tenant: 'acme' } })).toEqual(['customers://records/{id}']);
    expect(listed({ scopes: ['mcp:resources:*'], claims: { tenant: 'globex' } })).toEqual([
      'customers://records/{id}',
      'file:///docs/{path}',
      'x://{id}',
      'reports://{id}',
    ]);
  });

  it('lists nothing to a token without the claim (its conditioned rules grant nothing)', () => {
    for (const claims of [undefined, {}, { tenant: null }, { tenant: { $ne: 'x' } }]) {
      for (const scopes of [['mcp:resources:customer-data:read'], ['mcp:resources:*'], ['mcp:*']]) {
        expect(listed({ scopes, ...(claims ? { claims } : {}) }), JSON.stringify(claims)).toEqual(
          [],
        );
      }
    }
  });

  it('still decides each record on its attributes: listing the template grants no record', () => {
    const ability = tenantPolicy.abilityFor({
      scopes: ['mcp:resources:customer-data:read'],
      claims: { tenant: 'acme' },
    });
    const resolveResource = (uri: string) => ({
      name: 'customer-data',
      uriTemplate: 'customers://records/{id}',
      attributes: { tenant: uri.endsWith('/1') ? 'acme' : 'globex' },
    });
    const read = (id: string) =>
      authorizeMcpRequest(
        ability,
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'resources/read',
          params: { uri: `customers://records/${id}` },
        },
        { resolveResource },
      ).allowed;
    expect(listedBy(ability)).toEqual(['customers://records/{id}']);
    expect(read('1')).toBe(true);
    expect(read('2')).toBe(false);
  });

  it('keeps the name and template conditions: another resource scope lists another template', () => {
    expect(listed({ scopes: ['mcp:resources:docs:read'], claims: { tenant: 'acme' } })).toEqual([
      'file:///docs/{path}',
    ]);
    expect(
      listed({ scopes: ['mcp:resources:docs:subscribe'], claims: { tenant: 'acme' } }),
    ).toEqual([]);
    expect(listed({ scopes: ['mcp:tools:*'], claims: { tenant: 'acme' } })).toEqual([]);
  });

  it('hides a template from a cannot rule only when it forbids every record of it', () => {
    const build = (always: Parameters<ReturnType<typeof definePolicy>['always']>[1]) =>
      definePolicy({ attributes: { Resource: ['tenant'] } })
        .always('deny', always)
        .build();
    const scopes = ['mcp:resources:*'];
    const byName = build(({ cannot }) => cannot('read', 'Resource', { name: 'customer-data' }));
    // (the entry whose name is an array has no name: a rule on the name neither grants nor hides it)
    expect(listed({ scopes }, byName)).toEqual([
      'file:///docs/{path}',
      'x://{id}',
      'reports://{id}',
    ]);
    const byTenant = build(({ cannot }) =>
      cannot('read', 'Resource', { name: 'customer-data', tenant: 'globex' }),
    );
    expect(listed({ scopes }, byTenant)).toContain('customers://records/{id}');
    const all = build(({ cannot }) => cannot('read', 'Resource'));
    expect(listed({ scopes }, all)).toEqual([]);
  });

  it('does not list templates for a rule on the URI (a template has none)', () => {
    const byUri = definePolicy({ mcpDefaults: false })
      .rule('files:docs', (_variables, { can }) =>
        can('read', 'Resource', { uri: { $regex: '^file:///docs/' } }),
      )
      .build();
    expect(listed({ scopes: ['files:docs'] }, byUri)).toEqual([]);
  });

  it('reads a top-level $or as CASL does: as a field no entry has, so it lists nothing', () => {
    const withOr = definePolicy({ mcpDefaults: false })
      .rule('odd', (_variables, { can }) =>
        can('read', 'Resource', { $or: [{ name: 'docs' }] } as never),
      )
      .build();
    expect(listed({ scopes: ['odd'] }, withOr)).toEqual([]);
  });
});

describe('completion/complete of a resource template: by its name, attribute conditions enforced', () => {
  const complete = (uri: string) => ({
    jsonrpc: '2.0',
    id: 1,
    method: 'completion/complete',
    params: { ref: { type: 'ref/resource', uri }, argument: { name: 'id', value: '4' } },
  });
  const resolveResource = (uri: string) =>
    uri.startsWith('customers://records/') ? { name: 'customer-data' } : undefined;
  const plain = definePolicy().build();
  const decide = (token: PolicyToken, uri: string, resolve = resolveResource, policy = plain) =>
    authorizeMcpRequest(policy.abilityFor(token), complete(uri), { resolveResource: resolve });
  const narrow = { scopes: ['mcp:resources:customer-data:read'] };

  it('allows a template resolveResource names to a token with that name scope', () => {
    expect(listedBy(plain.abilityFor(narrow))).toContain('customers://records/{id}');
    expect(decide(narrow, 'customers://records/{id}').allowed).toBe(true);
  });

  it('refuses another template and names the narrow scope, not mcp:resources:*:read', () => {
    const decision = decide({ scopes: ['mcp:tools:weather'] }, 'customers://records/{id}');
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) {
      expect(decision.error.code).toBe('ERR_SCOPE_DENIED');
      expect(decision.error.requiredScopes).toEqual(['mcp:resources:customer-data:read']);
    }
    expect(decide(narrow, 'file:///docs/{path}').allowed).toBe(false);
  });

  it('refuses a template no resolver names, or whose resolver throws', () => {
    expect(decide(narrow, 'customers://records/{id}', () => undefined).allowed).toBe(false);
    const throwing = () => {
      throw new Error('not a record URI');
    };
    expect(decide(narrow, 'customers://records/{id}', throwing).allowed).toBe(false);
  });

  it('keeps attribute conditions: a tenant-scoped token cannot complete (its handler answers about records)', () => {
    for (const claims of [{ tenant: 'acme' }, undefined, {}, { tenant: { $ne: 'x' } }]) {
      const token = { ...narrow, ...(claims ? { claims } : {}) };
      const decision = decide(token, 'customers://records/{id}', resolveResource, tenantPolicy);
      expect(decision.allowed, JSON.stringify(claims)).toBe(false);
      if (!decision.allowed) expect(decision.error.requiredScopes).toEqual([]);
    }
    // attributes the resolver gives for a template are ignored: they cannot satisfy the condition
    const spoof = () => ({ name: 'customer-data', attributes: { tenant: 'acme' } });
    const token = { ...narrow, claims: { tenant: 'acme' } };
    expect(decide(token, 'customers://records/{id}', spoof, tenantPolicy).allowed).toBe(false);
  });
});
