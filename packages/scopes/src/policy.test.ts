import { ForbiddenError } from '@casl/ability';
import { describe, expect, it } from 'vitest';
import { definePolicy, MCP_DEFAULT_TEMPLATES, mcpSubject, ScopeDeniedError } from './index.js';
import { caught } from './test-helpers.js';

const tool = (name: string) => mcpSubject('Tool', { name });

describe('the default MCP policy', () => {
  const policy = definePolicy().build();

  it('lists the MCP templates', () => {
    expect(policy.keys).toEqual(MCP_DEFAULT_TEMPLATES);
  });

  it('grants a named tool, prompt, workflow and resource, and nothing else', () => {
    const ability = policy.abilityFor({
      scopes: [
        'mcp:tools:weather',
        'mcp:prompts:summarize',
        'mcp:exec:workflows:nightly',
        'mcp:resources:customer-data',
      ],
    });
    expect(ability.can('call', tool('weather'))).toBe(true);
    expect(ability.can('call', tool('shell'))).toBe(false);
    expect(ability.can('get', mcpSubject('Prompt', { name: 'summarize' }))).toBe(true);
    expect(ability.can('get', mcpSubject('Prompt', { name: 'translate' }))).toBe(false);
    expect(ability.can('exec', mcpSubject('Workflow', { name: 'nightly' }))).toBe(true);
    expect(ability.can('exec', mcpSubject('Workflow', { name: 'weekly' }))).toBe(false);
    expect(ability.can('read', mcpSubject('Resource', { name: 'customer-data' }))).toBe(true);
    expect(ability.can('read', mcpSubject('Resource', { uriTemplate: 'customer-data' }))).toBe(
      true,
    );
    expect(ability.can('read', mcpSubject('Resource', { uri: 'file:///etc/passwd' }))).toBe(false);
    expect(ability.can('call', tool('summarize'))).toBe(false);
  });

  it('turns a wildcard segment into a rule without that condition', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:tools:*'] });
    expect(ability.can('call', tool('anything'))).toBe(true);
    expect(policy.rulesFor({ scopes: ['mcp:tools:*'] })).toEqual([
      { action: 'call', subject: 'Tool' },
    ]);
    expect(ability.can('get', mcpSubject('Prompt', { name: 'x' }))).toBe(false);
    const resources = policy.rulesFor({ scopes: ['mcp:resources:*'] });
    expect(resources.every((rule) => rule.conditions === undefined)).toBe(true);
    expect(resources.flatMap((rule) => rule.action)).toEqual(
      expect.arrayContaining(['read', 'subscribe']),
    );
  });

  it('grants every template under a trailing wildcard, and nothing outside it', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:*'] });
    expect(ability.can('call', tool('x'))).toBe(true);
    expect(ability.can('exec', mcpSubject('Workflow', { name: 'y' }))).toBe(true);
    const exec = policy.abilityFor({ scopes: ['mcp:exec:*'] });
    expect(exec.can('exec', mcpSubject('Workflow', { name: 'y' }))).toBe(true);
    expect(exec.can('call', tool('x'))).toBe(false);
    const middle = policy.abilityFor({ scopes: ['mcp:*:weather'] });
    expect(middle.can('call', tool('weather'))).toBe(true);
    expect(middle.can('get', mcpSubject('Prompt', { name: 'weather' }))).toBe(true);
    expect(middle.can('call', tool('shell'))).toBe(false);
  });

  it('grants nothing for look-alike, malformed or over-long scopes', () => {
    for (const scope of [
      'mcp:tools',
      'mcp:tools:weather:extra',
      'mcp:toolsx:weather',
      'mcp:tools:we*',
      '*',
      'mcp:tools:weather ',
      'MCP:tools:weather',
      'mcp:tools:*:x',
    ]) {
      const ability = policy.abilityFor({ scopes: [scope] });
      expect(ability.can('call', tool('weather')), scope).toBe(false);
    }
  });

  it('does not let a tool subject carry a prototype or a forged subject type', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:prompts:weather'] });
    const forged = JSON.parse('{"name":"weather","__caslSubjectType__":"Prompt"}');
    expect(ability.can('call', mcpSubject('Tool', forged))).toBe(false);
  });

  it('memoizes by scope set regardless of order and duplicates, and freezes the ability', () => {
    const a = policy.abilityFor({ scopes: ['mcp:tools:a', 'mcp:tools:b'] });
    const b = policy.abilityFor({ scopes: ['mcp:tools:b', 'mcp:tools:a', 'mcp:tools:b'] });
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => a.update([{ action: 'manage', subject: 'all' }])).toThrow();
    expect(policy.abilityFor({ scopes: ['mcp:tools:a'] }).can('call', tool('x'))).toBe(false);
  });

  it('bounds the memo', () => {
    const small = definePolicy({ cacheSize: 2 }).build();
    const first = small.abilityFor({ scopes: ['mcp:tools:a'] });
    small.abilityFor({ scopes: ['mcp:tools:b'] });
    small.abilityFor({ scopes: ['mcp:tools:c'] });
    expect(small.abilityFor({ scopes: ['mcp:tools:a'] })).not.toBe(first);
    const none = definePolicy({ cacheSize: 0 }).build();
    expect(none.abilityFor({ scopes: [] })).not.toBe(none.abilityFor({ scopes: [] }));
  });
});

describe('claims, extension and deny rules', () => {
  const policy = definePolicy({ claims: ['tenant'], attributes: { Resource: ['tenant'] } })
    .replace('mcp:resources:{resource}', ({ resource }, { can, claims }) => {
      can('read', 'Resource', { name: resource, tenant: claims.tenant });
    })
    .rule('mcp:reports:{report}:read', ({ report }, { can }) => {
      can('read', 'Report', { name: report });
    })
    .always('no-shell', ({ cannot }) => {
      cannot('call', 'Tool', { name: 'shell' }).because('the shell tool is disabled');
    })
    .remove('mcp:exec:workflows:{workflow}')
    .build();

  it('adds a tenant condition from a claim and memoizes per claim value', () => {
    const acme = policy.abilityFor({ scopes: ['mcp:resources:*'], claims: { tenant: 'acme' } });
    const globex = policy.abilityFor({ scopes: ['mcp:resources:*'], claims: { tenant: 'globex' } });
    expect(acme).not.toBe(globex);
    const doc = (tenant: string) => mcpSubject('Resource', { name: 'orders', tenant });
    expect(acme.can('read', doc('acme'))).toBe(true);
    expect(acme.can('read', doc('globex'))).toBe(false);
    expect(globex.can('read', doc('globex'))).toBe(true);
    const noClaim = policy.abilityFor({ scopes: ['mcp:resources:*'] });
    expect(noClaim.can('read', doc('acme'))).toBe(false);
  });

  it('never lets a claim inject a MongoDB operator into a condition', () => {
    const doc = (tenant: string) => mcpSubject('Resource', { name: 'orders', tenant });
    for (const tenant of [
      { $ne: 'nobody' },
      { $in: ['acme', 'globex'] },
      { $exists: true },
      [{ $ne: 'x' }],
      { nested: { $gt: '' } },
    ]) {
      const ability = policy.abilityFor({ scopes: ['mcp:resources:*'], claims: { tenant } });
      expect(ability.can('read', doc('acme')), JSON.stringify(tenant)).toBe(false);
      expect(ability.can('read', doc('globex')), JSON.stringify(tenant)).toBe(false);
      expect(JSON.stringify(ability.rules)).not.toContain('$');
    }
    const deep = policy.abilityFor({
      scopes: ['mcp:resources:*'],
      claims: { tenant: JSON.parse(`${'['.repeat(40)}"acme"${']'.repeat(40)}`) },
    });
    expect(deep.can('read', doc('acme'))).toBe(false);
    // plain nested values and arrays of strings are still passed through
    const arrays = definePolicy({ claims: ['groups'] })
      .rule('mcp:docs:{doc}', ({ doc: name }, { can, claims }) =>
        can('read', 'Doc', { name, group: { $in: claims.groups as string[] } }),
      )
      .build()
      .abilityFor({ scopes: ['mcp:docs:*'], claims: { groups: ['a', 'b'] } });
    expect(arrays.can('read', mcpSubject('Doc', { name: 'x', group: 'b' }))).toBe(true);
    expect(arrays.can('read', mcpSubject('Doc', { name: 'x', group: 'c' }))).toBe(false);
  });

  it('ignores undeclared claims, in rules and in the memo key', () => {
    const a = policy.abilityFor({ scopes: ['mcp:tools:x'], claims: { tenant: 't', sub: 'u1' } });
    const b = policy.abilityFor({ scopes: ['mcp:tools:x'], claims: { tenant: 't', sub: 'u2' } });
    expect(b).toBe(a);
  });

  it('adds a new resource type', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:reports:q3:read'] });
    expect(ability.can('read', mcpSubject('Report', { name: 'q3' }))).toBe(true);
    expect(ability.can('read', mcpSubject('Report', { name: 'q4' }))).toBe(false);
  });

  it('lets a deny rule win over a wildcard grant, with its reason', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:tools:*'] });
    expect(ability.can('call', tool('weather'))).toBe(true);
    expect(ability.can('call', tool('shell'))).toBe(false);
    const error = caught(() => policy.enforce(ability, 'call', tool('shell')));
    expect(ScopeDeniedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'ERR_SCOPE_DENIED',
      oauthError: 'insufficient_scope',
      status: 403,
      description: 'the shell tool is disabled',
      requiredScopes: [],
    });
    expect((error as Error).cause).toBeInstanceOf(ForbiddenError);
  });

  it('removed templates grant nothing', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:exec:workflows:*'] });
    expect(ability.can('exec', mcpSubject('Workflow', { name: 'x' }))).toBe(false);
    expect(policy.keys).not.toContain('mcp:exec:workflows:{workflow}');
  });
});

describe('requiredScopesFor', () => {
  const policy = definePolicy({ claims: ['tenant'] })
    .rule('mcp:reports:{report}:read', ({ report }, { can }) => {
      can('read', 'Report', { name: report });
    })
    .rule('mcp:admin', (_variables, { can }) => {
      can('manage', 'Settings');
    })
    .build();

  it('names the most specific scope for a denied action', () => {
    expect(policy.requiredScopesFor('call', tool('weather'))).toEqual(['mcp:tools:weather']);
    expect(policy.requiredScopesFor('read', mcpSubject('Report', { name: 'q3' }))).toEqual([
      'mcp:reports:q3:read',
    ]);
    expect(policy.requiredScopesFor('get', mcpSubject('Prompt', { name: 'p' }))).toEqual([
      'mcp:prompts:p',
    ]);
    expect(policy.requiredScopesFor('update', mcpSubject('Settings'))).toEqual(['mcp:admin']);
  });

  it('falls back to a wildcard when the subject cannot be named in a scope', () => {
    expect(policy.requiredScopesFor('call', tool('two words'))).toEqual(['mcp:tools:*']);
    expect(policy.requiredScopesFor('call', tool('a:b'))).toEqual(['mcp:tools:*']);
    expect(policy.requiredScopesFor('call', 'Tool')).toEqual(['mcp:tools:*']);
  });

  it('returns nothing when no scope would permit the action', () => {
    expect(policy.requiredScopesFor('delete', tool('weather'))).toEqual([]);
    expect(policy.requiredScopesFor('call', mcpSubject('Unknown', { name: 'x' }))).toEqual([]);
  });

  it('is what enforce attaches to ERR_SCOPE_DENIED', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:tools:search'] });
    const error = caught(() => policy.enforce(ability, 'call', tool('weather')));
    expect(error).toMatchObject({
      code: 'ERR_SCOPE_DENIED',
      requiredScopes: ['mcp:tools:weather'],
    });
    expect(() => policy.enforce(ability, 'call', tool('search'))).not.toThrow();
  });
});

describe('definePolicy caller mistakes', () => {
  it('throws TypeError for bad templates, duplicates, unknown keys and bad options', () => {
    const noop = () => undefined;
    expect(() => definePolicy().rule('mcp:tools:{tool}', noop)).toThrow(TypeError);
    expect(() => definePolicy().replace('mcp:nope', noop)).toThrow(TypeError);
    expect(() => definePolicy().remove('mcp:nope')).toThrow(TypeError);
    expect(() => definePolicy().always('mcp:tools:{tool}', noop)).toThrow(TypeError);
    for (const template of ['', '{x}:a', 'a:{x}:{x}', 'a:b*', 'a::b', 'a:*', 'a:{x']) {
      expect(() => definePolicy().rule(template, noop), template).toThrow(TypeError);
    }
    expect(() => definePolicy({ cacheSize: -1 })).toThrow(TypeError);
    expect(() => definePolicy({ claims: 'tenant' as unknown as string[] })).toThrow(TypeError);
    expect(() => definePolicy({ extra: true } as unknown as object)).toThrow(TypeError);
  });

  it('refuses at build time a rule that hides a wildcard-bound variable inside a value', () => {
    const builder = definePolicy({ mcpDefaults: false }).rule(
      'mcp:files:{path}',
      ({ path }, { can }) => {
        can('read', 'File', { path: `/srv/${path}` });
      },
    );
    expect(() => builder.build()).toThrow(TypeError);
  });

  it('starts empty with mcpDefaults: false', () => {
    const policy = definePolicy({ mcpDefaults: false }).build();
    expect(policy.keys).toEqual([]);
    expect(policy.abilityFor({ scopes: ['mcp:*'] }).can('call', tool('x'))).toBe(false);
  });
});

describe('memo keys', () => {
  it('never confuses a token whose malformed scopes join into another token scopes', () => {
    const policy = definePolicy({ claims: ['tenant'] }).build();
    const real = policy.abilityFor({
      scopes: ['mcp:tools:a', 'mcp:tools:b'],
      claims: { tenant: 't' },
    });
    const forged = policy.abilityFor({
      scopes: ['mcp:tools:a mcp:tools:b'],
      claims: { tenant: 't' },
    });
    expect(forged).not.toBe(real);
    expect(forged.can('call', mcpSubject('Tool', { name: 'a' }))).toBe(false);
    const nul = policy.abilityFor({
      scopes: ['mcp:tools:a\u0000{"tenant":"t"}'],
      claims: {},
    });
    expect(nul.can('call', mcpSubject('Tool', { name: 'a' }))).toBe(false);
  });

  it('sees a mutation of a token scopes array it cached a key for', () => {
    const policy = definePolicy().build();
    const scopes = ['mcp:tools:a'];
    expect(policy.abilityFor({ scopes }).can('call', mcpSubject('Tool', { name: 'b' }))).toBe(
      false,
    );
    scopes[0] = 'mcp:tools:b';
    expect(policy.abilityFor({ scopes }).can('call', mcpSubject('Tool', { name: 'b' }))).toBe(true);
  });
});

describe('wildcard binding cannot be forged', () => {
  const policy = definePolicy({ claims: ['tenant'], attributes: { Resource: ['tenant'] } })
    .replace('mcp:resources:{resource}', ({ resource }, { can, claims }) => {
      can('read', 'Resource', { name: { $eq: resource }, tenant: claims.tenant });
    })
    .build();

  it('keeps a claim condition whose value is "*" (only a granted wildcard segment widens)', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:resources:docs'], claims: { tenant: '*' } });
    expect(ability.can('read', mcpSubject('Resource', { name: 'docs', tenant: 'acme' }))).toBe(
      false,
    );
    expect(ability.can('read', mcpSubject('Resource', { name: 'docs', tenant: '*' }))).toBe(true);
  });

  it('drops a { $eq } condition bound to a wildcard segment', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:resources:*'], claims: { tenant: 'acme' } });
    expect(ability.can('read', mcpSubject('Resource', { name: 'any', tenant: 'acme' }))).toBe(true);
    expect(ability.can('read', mcpSubject('Resource', { name: 'any', tenant: 'globex' }))).toBe(
      false,
    );
  });

  it('tells a rule whether a variable came from a wildcard', () => {
    const seen: boolean[] = [];
    const probe = definePolicy({ mcpDefaults: false })
      .rule('mcp:files:{file}', ({ file }, { can, isAny }) => {
        seen.push(isAny(file));
        can('read', 'File', { name: file });
      })
      .build();
    seen.length = 0;
    probe.rulesFor({ scopes: ['mcp:files:a', 'mcp:files:*'] });
    expect(seen.sort()).toEqual([false, true]);
  });
});
