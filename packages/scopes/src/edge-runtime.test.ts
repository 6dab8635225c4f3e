import { fileURLToPath } from 'node:url';
import { runInEdgeRuntime } from '@gatehouse/test-support';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('under the Edge runtime (a separate context with Web APIs only)', () => {
  it('parses, matches, compiles a policy and decides an MCP request', async () => {
    const result = await runInEdgeRuntime(
      entry,
      `
      const scopes = lib.parseScope('mcp:tools:* mcp:prompts:summarize');
      const policy = lib.definePolicy().build();
      const ability = policy.abilityFor({ scopes });
      const call = (name) => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name } });
      const denied = lib.authorizeMcpRequest(ability, { jsonrpc: '2.0', id: 2, method: 'prompts/get', params: { name: 'x' } });
      return {
        nodeGlobals: [typeof process, typeof Buffer, typeof require],
        satisfies: lib.scopeSatisfies(scopes, 'mcp:tools:weather'),
        allowed: lib.authorizeMcpRequest(ability, call('weather')).allowed,
        required: denied.allowed ? null : denied.error.requiredScopes,
      };
      `,
    );
    expect(result).toEqual({
      nodeGlobals: ['undefined', 'undefined', 'undefined'],
      satisfies: true,
      allowed: true,
      required: ['mcp:prompts:x'],
    });
  });
});
