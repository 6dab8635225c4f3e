import { describe, expect, it } from 'vitest';
import {
  authorizeMcpRequest,
  definePolicy,
  filterListResult,
  type McpOperation,
  mcpSubject,
} from './index.js';

const call = (name: string, id: number | string = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: {} },
});

describe('the seed scopes with the default policy', () => {
  const policy = definePolicy().build();
  const ability = policy.abilityFor({
    scopes: ['mcp:tools:weather', 'mcp:resources:customer-data:read', 'mcp:exec:workflows:*'],
  });
  const customer = 'https://mcp.example.com/customer-data/42';
  const resolveResource = (uri: string) =>
    uri.startsWith('https://mcp.example.com/customer-data/')
      ? { name: 'customer-data', uriTemplate: 'https://mcp.example.com/customer-data/{id}' }
      : undefined;
  const workflow = (params: Readonly<Record<string, unknown>>): McpOperation => ({
    action: 'exec',
    subject: mcpSubject('Workflow', { name: params.name }),
  });

  it('calls weather, reads customer-data and runs any workflow', () => {
    const read = { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: customer } };
    const run = { jsonrpc: '2.0', id: 3, method: 'workflows/run', params: { name: 'nightly' } };
    const decision = authorizeMcpRequest(ability, [call('weather'), read, run], {
      resolveResource,
      methods: { 'workflows/run': workflow },
    });
    expect(decision.allowed).toBe(true);
    expect(ability.can('exec', mcpSubject('Workflow', { name: 'anything' }))).toBe(true);
    expect(ability.can('call', mcpSubject('Tool', { name: 'shell' }))).toBe(false);
  });

  it('names exactly these scopes when they are missing', () => {
    const none = policy.abilityFor({ scopes: [] });
    const read = { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: customer } };
    const run = { jsonrpc: '2.0', id: 3, method: 'workflows/run', params: { name: 'nightly' } };
    const decision = authorizeMcpRequest(none, [call('weather'), read, run], {
      resolveResource,
      methods: { 'workflows/run': workflow },
    });
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.error.requiredScopes).toEqual([
      'mcp:tools:weather',
      'mcp:resources:customer-data:read',
      'mcp:exec:workflows:nightly',
    ]);
    expect(policy.requiredScopesFor('exec', 'Workflow')).toEqual(['mcp:exec:workflows:*']);
  });
});

describe('per-message decisions and denials no scope can fix', () => {
  const policy = definePolicy()
    .always('no-shell', ({ cannot }) => {
      cannot('call', 'Tool', { name: 'shell' }).because('the shell tool is disabled');
    })
    .build();
  const ability = policy.abilityFor({ scopes: ['mcp:tools:weather'] });

  it('reports each message: method, id, whether it was checked, allowed, fixable and its scopes', () => {
    const decision = authorizeMcpRequest(ability, [
      call('weather', 1),
      call('search', 'b'),
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 'srv', result: {} },
    ]);
    expect(decision.allowed).toBe(false);
    expect(
      decision.messages.map(({ method, id, checked, allowed, fixable, requiredScopes }) => ({
        method,
        id,
        checked,
        allowed,
        fixable,
        requiredScopes,
      })),
    ).toEqual([
      {
        method: 'tools/call',
        id: 1,
        checked: true,
        allowed: true,
        fixable: true,
        requiredScopes: [],
      },
      {
        method: 'tools/call',
        id: 'b',
        checked: true,
        allowed: false,
        fixable: true,
        requiredScopes: ['mcp:tools:search'],
      },
      {
        method: 'notifications/initialized',
        id: undefined,
        checked: false,
        allowed: true,
        fixable: true,
        requiredScopes: [],
      },
      {
        method: undefined,
        id: 'srv',
        checked: false,
        allowed: true,
        fixable: true,
        requiredScopes: [],
      },
    ]);
    if (!decision.allowed) expect(decision.error.requiredScopes).toEqual(['mcp:tools:search']);
  });

  it('needs no scope (requiredScopes empty) when any message is denied for good', () => {
    for (const unfixable of [
      call('shell', 2),
      { jsonrpc: '2.0', id: 2, method: 'admin/shutdown' },
    ]) {
      const decision = authorizeMcpRequest(ability, [call('search', 1), unfixable]);
      expect(decision.allowed).toBe(false);
      if (decision.allowed) continue;
      expect(decision.error.requiredScopes).toEqual([]);
      expect(decision.messages.map((entry) => entry.fixable)).toEqual([true, false]);
    }
    const shell = authorizeMcpRequest(
      policy.abilityFor({ scopes: ['mcp:tools:*'] }),
      call('shell'),
    );
    expect(shell.allowed).toBe(false);
    if (!shell.allowed) {
      expect(shell.error).toMatchObject({
        code: 'ERR_SCOPE_DENIED',
        description: 'the shell tool is disabled',
        requiredScopes: [],
      });
    }
  });
});

describe('tool attributes from resolveTool', () => {
  const policy = definePolicy({ attributes: { Tool: ['risk'] } })
    .rule('mcp:tools:low-risk', (_variables, { can }) => can('call', 'Tool', { risk: 'low' }))
    .build();
  const risks: Record<string, string> = { weather: 'low', shell: 'high' };
  const resolveTool = (name: string) =>
    Object.hasOwn(risks, name) ? { attributes: { risk: risks[name], name: 'weather' } } : undefined;
  const ability = policy.abilityFor({ scopes: ['mcp:tools:low-risk'] });

  it('decides tool calls and tool lists on the attributes, never letting them rename the tool', () => {
    expect(authorizeMcpRequest(ability, call('weather'), { resolveTool }).allowed).toBe(true);
    expect(authorizeMcpRequest(ability, call('shell'), { resolveTool }).allowed).toBe(false);
    expect(authorizeMcpRequest(ability, call('unknown'), { resolveTool }).allowed).toBe(false);
    expect(authorizeMcpRequest(ability, call('weather')).allowed).toBe(false);
    const tools = { tools: [{ name: 'weather' }, { name: 'shell' }, { name: 'unknown' }] };
    expect(filterListResult(ability, 'tools/list', tools, { resolveTool })).toEqual({
      tools: [{ name: 'weather' }],
    });
    const shell = authorizeMcpRequest(ability, call('shell'), { resolveTool });
    expect(shell.operations[0]?.subject).toMatchObject({ name: 'shell', risk: 'high' });
  });
});
