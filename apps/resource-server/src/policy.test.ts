import { filterListResult, mcpSubject } from '@gatehouse/scopes';
import { describe, expect, it } from 'vitest';
import { createResourcePolicy, TOOL_RULES } from './index.js';

const policy = createResourcePolicy();
const record = (tenant?: string) =>
  mcpSubject('Resource', {
    uri: 'customers://records/1001',
    name: 'customer-data',
    uriTemplate: 'customers://records/{id}',
    ...(tenant === undefined ? {} : { tenant }),
  });

describe('the sample policy (the defaults, extended in code)', () => {
  it('reads a customer record only in the token tenant', () => {
    const acme = policy.abilityFor({
      scopes: ['mcp:resources:customer-data:read'],
      claims: { tenant: 'acme' },
    });
    expect(acme.can('read', record('acme'))).toBe(true);
    expect(acme.can('read', record('globex'))).toBe(false);
    expect(acme.can('read', record())).toBe(false);
    expect(acme.can('subscribe', record('acme'))).toBe(false); // :read grants read only
  });

  it('grants nothing on records to a token without the tenant claim', () => {
    for (const claims of [{}, { tenant: '' }, { tenant: 1 }, { tenant: { $ne: 'x' } }]) {
      const ability = policy.abilityFor({ scopes: ['mcp:*'], claims });
      expect(ability.can('read', record('acme')), JSON.stringify(claims)).toBe(false);
      expect(ability.can('read', record()), JSON.stringify(claims)).toBe(false);
    }
  });

  it('lists the template to a token that may read some record of it, and grants no record through it', () => {
    const templates = {
      resourceTemplates: [{ name: 'customer-data', uriTemplate: 'customers://records/{id}' }],
    };
    const listed = (scopes: string[], claims?: Record<string, unknown>) =>
      filterListResult(
        policy.abilityFor({ scopes, ...(claims ? { claims } : {}) }),
        'resources/templates/list',
        templates,
      ).resourceTemplates.length;
    expect(listed(['mcp:resources:customer-data:read'], { tenant: 'acme' })).toBe(1);
    expect(listed(['mcp:resources:*'], { tenant: 'globex' })).toBe(1);
    expect(listed(['mcp:resources:*'])).toBe(0);
    expect(listed(['mcp:resources:customer-data:read'], { tenant: '' })).toBe(0);
    expect(listed(['mcp:tools:*'], { tenant: 'acme' })).toBe(0);
    const acme = policy.abilityFor({
      scopes: ['mcp:resources:customer-data:read'],
      claims: { tenant: 'acme' },
    });
    // no rule reads a record without its tenant: the template entry itself is not readable
    expect(acme.can('read', mcpSubject('Resource', { name: 'customer-data' }))).toBe(false);
    expect(acme.can('read', record('globex'))).toBe(false);
  });

  it('runs workflows by name, and lists run_workflow only with a workflow scope', () => {
    const backup = policy.abilityFor({ scopes: ['mcp:exec:workflows:backup'] });
    expect(backup.can('exec', mcpSubject('Workflow', { name: 'backup' }))).toBe(true);
    expect(backup.can('exec', mcpSubject('Workflow', { name: 'deploy' }))).toBe(false);
    expect(backup.can('call', mcpSubject('Tool', { name: 'run_workflow' }))).toBe(true);
    const tools = policy.abilityFor({ scopes: ['mcp:tools:*'] });
    expect(tools.can('call', mcpSubject('Tool', { name: 'weather' }))).toBe(true);
    expect(tools.can('exec', mcpSubject('Workflow', { name: 'backup' }))).toBe(false);
    const list = { tools: [{ name: 'weather' }, { name: 'run_workflow' }] };
    const names = (scopes: string[]) =>
      filterListResult(policy.abilityFor({ scopes }), 'tools/list', list, {
        tools: TOOL_RULES,
      }).tools.map((tool) => tool.name);
    expect(names(['mcp:tools:*'])).toEqual(['weather']);
    expect(names(['mcp:tools:run_workflow'])).toEqual([]);
    expect(names(['mcp:exec:workflows:backup'])).toEqual(['run_workflow']);
  });

  it('names the narrowest scope for each operation (for step-up challenges)', () => {
    expect(policy.requiredScopesFor('call', mcpSubject('Tool', { name: 'weather' }))).toEqual([
      'mcp:tools:weather',
    ]);
    expect(policy.requiredScopesFor('exec', mcpSubject('Workflow', { name: 'deploy' }))).toEqual([
      'mcp:exec:workflows:deploy',
    ]);
    expect(
      policy.requiredScopesFor('read', record('acme'), { claims: { tenant: 'acme' } }),
    ).toEqual(['mcp:resources:customer-data:read']);
    expect(
      policy.requiredScopesFor('get', mcpSubject('Prompt', { name: 'forecast-briefing' })),
    ).toEqual(['mcp:prompts:forecast-briefing']);
  });
});
