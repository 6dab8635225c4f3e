import { createMongoAbility, ForbiddenError } from '@casl/ability';
import { describe, expect, it } from 'vitest';
import { authorizeMcpRequest, definePolicy, filterListResult, mcpSubject } from './index.js';
import { thrownCode } from './test-helpers.js';

const policy = definePolicy().build();
const call = (name: string, id: number | string = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: {} },
});

describe('authorizeMcpRequest', () => {
  const ability = policy.abilityFor({
    scopes: ['mcp:tools:weather', 'mcp:prompts:summarize', 'mcp:resources:docs'],
  });

  it('allows what the scopes grant', () => {
    expect(authorizeMcpRequest(ability, call('weather')).allowed).toBe(true);
    const prompt = { jsonrpc: '2.0', id: 2, method: 'prompts/get', params: { name: 'summarize' } };
    expect(authorizeMcpRequest(ability, prompt).allowed).toBe(true);
  });

  it('denies a tool call outside the scopes, naming the scope it needs', () => {
    const decision = authorizeMcpRequest(ability, call('shell'));
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.error).toMatchObject({
      code: 'ERR_SCOPE_DENIED',
      status: 403,
      oauthError: 'insufficient_scope',
      requiredScopes: ['mcp:tools:shell'],
    });
    expect(decision.error.cause).toBeInstanceOf(ForbiddenError);
  });

  it('decides a batch as a whole and lists every scope it needs at once', () => {
    const decision = authorizeMcpRequest(ability, [
      call('weather', 1),
      call('shell', 2),
      { jsonrpc: '2.0', id: 3, method: 'prompts/get', params: { name: 'translate' } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      call('shell', 4),
    ]);
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.error.requiredScopes).toEqual(['mcp:tools:shell', 'mcp:prompts:translate']);
  });

  it('leaves housekeeping, lists and client responses open', () => {
    const none = policy.abilityFor({ scopes: [] });
    for (const message of [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25' } },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
      { jsonrpc: '2.0', id: 3, method: 'tools/list' },
      { jsonrpc: '2.0', id: 4, method: 'resources/templates/list', params: {} },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } },
      { jsonrpc: '2.0', id: 'srv-1', result: { content: [] } },
    ]) {
      expect(authorizeMcpRequest(none, message).allowed, JSON.stringify(message)).toBe(true);
    }
  });

  it('denies unknown methods by default, including prototype names', () => {
    const all = policy.abilityFor({ scopes: ['mcp:*'] });
    for (const method of [
      'admin/shutdown',
      'tools/delete',
      '__proto__',
      'constructor',
      'toString',
    ]) {
      const decision = authorizeMcpRequest(all, { jsonrpc: '2.0', id: 1, method });
      expect(decision.allowed, method).toBe(false);
      if (!decision.allowed) expect(decision.error.requiredScopes).toEqual([]);
    }
  });

  it('uses configured methods before the built-in mapping', () => {
    const all = policy.abilityFor({ scopes: ['mcp:exec:workflows:nightly'] });
    const options = {
      methods: {
        'workflows/run': (params: Readonly<Record<string, unknown>>) => ({
          action: 'exec',
          subject: mcpSubject('Workflow', { name: params.name }),
        }),
        'custom/status': 'allow' as const,
        'tools/list': 'deny' as const,
      },
    };
    const run = (name: string) => ({
      jsonrpc: '2.0',
      id: 1,
      method: 'workflows/run',
      params: { name },
    });
    expect(authorizeMcpRequest(all, run('nightly'), options).allowed).toBe(true);
    const denied = authorizeMcpRequest(all, run('weekly'), options);
    expect(denied.allowed).toBe(false);
    if (!denied.allowed) expect(denied.error.requiredScopes).toEqual(['mcp:exec:workflows:weekly']);
    expect(
      authorizeMcpRequest(all, { jsonrpc: '2.0', id: 1, method: 'custom/status' }, options).allowed,
    ).toBe(true);
    expect(
      authorizeMcpRequest(all, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, options).allowed,
    ).toBe(false);
  });

  it('reads resources by name through resolveResource, and fails closed without it', () => {
    const read = {
      jsonrpc: '2.0',
      id: 1,
      method: 'resources/read',
      params: { uri: 'file:///docs/a.md' },
    };
    expect(authorizeMcpRequest(ability, read).allowed).toBe(false);
    const resolveResource = (uri: string) =>
      uri.startsWith('file:///docs/') ? { name: 'docs' } : undefined;
    expect(authorizeMcpRequest(ability, read, { resolveResource }).allowed).toBe(true);
    const other = { ...read, params: { uri: 'file:///etc/passwd' } };
    expect(authorizeMcpRequest(ability, other, { resolveResource }).allowed).toBe(false);
  });

  it('decides completion/complete by its reference', () => {
    const complete = (ref: object) => ({
      jsonrpc: '2.0',
      id: 1,
      method: 'completion/complete',
      params: { ref, argument: { name: 'a', value: 'b' } },
    });
    expect(
      authorizeMcpRequest(ability, complete({ type: 'ref/prompt', name: 'summarize' })).allowed,
    ).toBe(true);
    expect(
      authorizeMcpRequest(ability, complete({ type: 'ref/prompt', name: 'other' })).allowed,
    ).toBe(false);
    expect(
      authorizeMcpRequest(ability, complete({ type: 'ref/resource', uri: 'docs' })).allowed,
    ).toBe(true);
  });

  it('refuses malformed messages with ERR_SCOPE_MCP_REQUEST (invalid_request)', () => {
    const bad: unknown[] = [
      null,
      'tools/call',
      [],
      { id: 1, method: 'tools/call', params: { name: 'weather' } },
      { jsonrpc: '2.0', id: 1, method: 7 },
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 42 } },
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: [] },
      { jsonrpc: '2.0', id: 1, method: 'resources/read', params: {} },
      { jsonrpc: '2.0', id: 1 },
      { jsonrpc: '2.0', id: 1, method: 'completion/complete', params: { ref: { type: 'x' } } },
      Array.from({ length: 65 }, (_, id) => call('weather', id)),
    ];
    for (const message of bad) {
      expect(
        thrownCode(() => authorizeMcpRequest(ability, message)),
        JSON.stringify(message),
      ).toBe('ERR_SCOPE_MCP_REQUEST');
    }
  });

  it('works with any CASL ability, without required scopes when it is not from a policy', () => {
    const plain = createMongoAbility([
      { action: 'call', subject: 'Tool', conditions: { name: 'a' } },
    ]);
    expect(authorizeMcpRequest(plain, call('a')).allowed).toBe(true);
    const decision = authorizeMcpRequest(plain, call('b'));
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.error.requiredScopes).toEqual([]);
  });
});

describe('filterListResult', () => {
  const ability = policy.abilityFor({
    scopes: ['mcp:tools:weather', 'mcp:prompts:*', 'mcp:resources:docs'],
  });

  it('keeps only the tools, prompts and resources the token may use', () => {
    const tools = { tools: [{ name: 'weather' }, { name: 'shell' }, null, 'x'], nextCursor: 'c' };
    expect(filterListResult(ability, 'tools/list', tools)).toEqual({
      tools: [{ name: 'weather' }],
      nextCursor: 'c',
    });
    expect(tools.tools).toHaveLength(4);
    expect(filterListResult(ability, 'prompts/list', { prompts: [{ name: 'a' }] })).toEqual({
      prompts: [{ name: 'a' }],
    });
    expect(
      filterListResult(ability, 'resources/list', {
        resources: [
          { name: 'docs', uri: 'file:///d' },
          { name: 'secrets', uri: 'file:///s' },
        ],
      }),
    ).toEqual({ resources: [{ name: 'docs', uri: 'file:///d' }] });
    expect(
      filterListResult(ability, 'resources/templates/list', {
        resourceTemplates: [
          { name: 'x', uriTemplate: 'docs' },
          { name: 'y', uriTemplate: 'z/{id}' },
        ],
      }),
    ).toEqual({ resourceTemplates: [{ name: 'x', uriTemplate: 'docs' }] });
  });

  it('does not let an entry with an array or object name pass for a granted name', () => {
    const listed = {
      tools: [{ name: ['weather', 'shell'] }, { name: { $ne: 'x' } }, { name: 'weather' }],
    };
    expect(filterListResult(ability, 'tools/list', listed)).toEqual({
      tools: [{ name: 'weather' }],
    });
    expect(
      filterListResult(ability, 'resources/list', {
        resources: [{ name: ['docs', 'secrets'], uri: 'file:///s' }],
      }),
    ).toEqual({ resources: [] });
  });

  it('fails closed on a malformed list and passes other results through', () => {
    expect(filterListResult(ability, 'tools/list', { tools: 'all' })).toEqual({ tools: [] });
    const other = { content: [] };
    expect(filterListResult(ability, 'tools/call', other)).toBe(other);
    expect(filterListResult(ability, '__proto__', other)).toBe(other);
  });
});
