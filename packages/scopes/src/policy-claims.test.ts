import { describe, expect, it } from 'vitest';
import { definePolicy, mcpSubject } from './index.js';

const resource = (fields: Record<string, unknown>) =>
  mcpSubject('Resource', { name: 'orders', ...fields });

describe('a condition on a claim the token lacks never grants more', () => {
  const policy = definePolicy({
    claims: ['tenant', 'groups'],
    attributes: { Resource: ['tenant', 'group'] },
  })
    .replace('mcp:resources:{resource}', ({ resource: name }, { can, claims }) => {
      can('read', 'Resource', { name, tenant: claims.tenant });
    })
    .rule('mcp:grouped:{resource}', ({ resource: name }, { can, claims }) => {
      can('read', 'Resource', { name, group: { $in: claims.groups as string[] } });
    })
    .build();
  const scopes = ['mcp:resources:*', 'mcp:grouped:*'];

  it('matches no subject, with or without the field, for a token without the claim', () => {
    for (const claims of [
      undefined,
      {},
      { tenant: null },
      { tenant: ['acme', null] },
      { groups: null },
    ]) {
      const ability = policy.abilityFor({ scopes, ...(claims ? { claims } : {}) });
      expect(ability.can('read', resource({})), JSON.stringify(claims)).toBe(false);
      expect(ability.can('read', resource({ tenant: 'acme' }))).toBe(false);
      expect(ability.can('read', resource({ tenant: null }))).toBe(false);
      expect(ability.can('read', resource({ group: 'admins' }))).toBe(false);
      expect(ability.rules).toEqual([]);
    }
  });

  it('matches only the subjects of the right tenant for a token with the claim', () => {
    const ability = policy.abilityFor({ scopes, claims: { tenant: 'acme' } });
    expect(ability.can('read', resource({ tenant: 'acme' }))).toBe(true);
    expect(ability.can('read', resource({ tenant: 'globex' }))).toBe(false);
    expect(ability.can('read', resource({}))).toBe(false);
    const groups = policy.abilityFor({ scopes, claims: { groups: ['admins'] } });
    expect(groups.can('read', resource({ group: 'admins' }))).toBe(true);
    expect(groups.can('read', resource({}))).toBe(false);
  });

  it('makes a cannot rule on a missing claim forbid more, never less', () => {
    const guarded = definePolicy({ claims: ['tenant'], attributes: { Resource: ['tenant'] } })
      .always('own-tenant-only', ({ cannot, claims }) => {
        cannot(['read', 'subscribe'], 'Resource', { tenant: { $ne: claims.tenant } });
      })
      .build();
    const acme = guarded.abilityFor({ scopes: ['mcp:resources:*'], claims: { tenant: 'acme' } });
    expect(acme.can('read', resource({ tenant: 'acme' }))).toBe(true);
    expect(acme.can('read', resource({ tenant: 'globex' }))).toBe(false);
    expect(acme.can('subscribe', resource({}))).toBe(false);
    for (const claims of [{}, { tenant: null }]) {
      const none = guarded.abilityFor({ scopes: ['mcp:resources:*'], claims });
      expect(none.can('read', resource({ tenant: 'acme' }))).toBe(false);
      expect(none.can('read', resource({}))).toBe(false);
    }
  });

  it('names no scope for a denial only a claim could lift', () => {
    const subject = resource({ tenant: 'acme' });
    expect(policy.requiredScopesFor('read', subject, { claims: { tenant: 'acme' } })).toEqual([
      'mcp:resources:orders:read',
    ]);
    expect(policy.requiredScopesFor('read', subject, { claims: { tenant: 'globex' } })).toEqual([]);
    expect(policy.requiredScopesFor('read', subject, { claims: {} })).toEqual([]);
  });
});

describe('build() refuses a condition on a field no subject can have', () => {
  const tenantRule = definePolicy({ claims: ['tenant'] }).replace(
    'mcp:resources:{resource}',
    ({ resource: name }, { can, claims }) => {
      can('read', 'Resource', { name, tenant: claims.tenant });
    },
  );

  it('throws TypeError for an undeclared attribute of an MCP subject type', () => {
    expect(() => tenantRule.build()).toThrow(TypeError);
    expect(() =>
      definePolicy({ mcpDefaults: false })
        .always('x', ({ cannot }) => cannot('call', 'Tool', { 'owner.id': 'x' }))
        .build(),
    ).toThrow(TypeError);
    expect(() =>
      definePolicy({ mcpDefaults: false })
        .rule('mcp:a', (_variables, { can }) => can('get', ['Report', 'Prompt'], { title: 'x' }))
        .build(),
    ).toThrow(TypeError);
    expect(() =>
      definePolicy({ mcpDefaults: false, attributes: { Report: ['name'] } })
        .rule('mcp:r:{r}', ({ r }, { can }) => can('read', 'Report', { title: r }))
        .build(),
    ).toThrow(TypeError);
  });

  it('accepts built-in fields, declared attributes, operators and undeclared subject types', () => {
    expect(() =>
      definePolicy({ claims: ['tenant'], attributes: { Resource: ['tenant'] } })
        .replace('mcp:resources:{resource}', ({ resource: name }, { can, claims }) => {
          can('read', 'Resource', { name, tenant: claims.tenant, uri: { $regex: '^https://' } });
        })
        .rule('mcp:reports:{report}', ({ report }, { can }) =>
          can('read', 'Report', { title: report }),
        )
        .build(),
    ).not.toThrow();
  });

  it('checks the attributes option', () => {
    for (const attributes of [
      [],
      { Resource: 'tenant' },
      { Resource: [1] },
      { Resource: ['a.b'] },
      { Resource: ['$x'] },
    ]) {
      expect(
        () => definePolicy({ attributes: attributes as unknown as Record<string, string[]> }),
        JSON.stringify(attributes),
      ).toThrow(TypeError);
    }
  });
});
