import { mcpSubject } from '@gatehouse/scopes';
import { describe, expect, it } from 'vitest';
import { createResourcePolicy } from './index.js';

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

  it('lists the template (no uri) to a token with a tenant, and grants no record through it', () => {
    const template = mcpSubject('Resource', {
      name: 'customer-data',
      uriTemplate: 'customers://records/{id}',
    });
    const ability = policy.abilityFor({
      scopes: ['mcp:resources:customer-data:read'],
      claims: { tenant: 'acme' },
    });
    expect(ability.can('read', template)).toBe(true);
    expect(ability.can('read', record('globex'))).toBe(false);
    expect(policy.abilityFor({ scopes: ['mcp:resources:*'] }).can('read', template)).toBe(false);
  });

  it('runs workflows by name and shows run_workflow only with a workflow scope', () => {
    const backup = policy.abilityFor({ scopes: ['mcp:exec:workflows:backup'] });
    expect(backup.can('exec', mcpSubject('Workflow', { name: 'backup' }))).toBe(true);
    expect(backup.can('exec', mcpSubject('Workflow', { name: 'deploy' }))).toBe(false);
    expect(backup.can('call', mcpSubject('Tool', { name: 'run_workflow' }))).toBe(true);
    const tools = policy.abilityFor({ scopes: ['mcp:tools:*', 'mcp:tools:run_workflow'] });
    expect(tools.can('call', mcpSubject('Tool', { name: 'weather' }))).toBe(true);
    expect(tools.can('call', mcpSubject('Tool', { name: 'run_workflow' }))).toBe(false);
    expect(tools.can('exec', mcpSubject('Workflow', { name: 'backup' }))).toBe(false);
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
