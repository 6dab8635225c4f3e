import { describe, expect, it } from 'vitest';
import { definePolicy, mcpSubject } from './index.js';

const tool = (name: string) => mcpSubject('Tool', { name });

describe('abilityFor memo with fresh scopes arrays', () => {
  it('returns the cached ability for a fresh array of the same scopes, in any order', () => {
    const policy = definePolicy().build();
    const scopes = ['mcp:tools:a', 'mcp:tools:b', 'mcp:prompts:c'];
    const first = policy.abilityFor({ scopes: [...scopes] });
    expect(policy.abilityFor({ scopes: [...scopes] })).toBe(first);
    expect(policy.abilityFor({ scopes: [...scopes].reverse() })).toBe(first);
    expect(policy.abilityFor({ scopes: [...scopes, 'mcp:tools:a'] })).toBe(first);
    expect(policy.abilityFor({ scopes: ['mcp:tools:a', 'mcp:tools:b'] })).not.toBe(first);
  });

  it('never lets two different lists share a key', () => {
    const policy = definePolicy({ claims: ['tenant'] }).build();
    const pairs: [unknown[], unknown[]][] = [
      [['mcp:tools:a mcp:tools:b'], ['mcp:tools:a', 'mcp:tools:b']],
      [['mcp:tools:a', 'mcp:tools:b'], ['mcp:tools:a mcp:tools:b']],
      [[''], []],
      [['', 'mcp:tools:a'], [' mcp:tools:a']],
      [['mcp:tools:a', ''], ['mcp:tools:a ']],
      [[1], ['1']],
      [[{ toString: () => 'mcp:tools:a' }], ['mcp:tools:a']],
    ];
    for (const [forged, real] of pairs) {
      const granted = policy.abilityFor({ scopes: real as string[], claims: { tenant: 't' } });
      const other = policy.abilityFor({ scopes: forged as string[], claims: { tenant: 't' } });
      const label = JSON.stringify([forged, real]);
      expect(other.can('call', tool('a')), label).toBe(
        forged.some((scope) => scope === 'mcp:tools:a'),
      );
      expect(granted.can('call', tool('a')), label).toBe(
        real.some((scope) => scope === 'mcp:tools:a'),
      );
    }
    // claims live after the last NUL, so a scope holding a NUL and JSON cannot pose as claims
    const real = policy.abilityFor({ scopes: ['mcp:tools:a'], claims: { tenant: 't' } });
    const nul = policy.abilityFor({ scopes: ['mcp:tools:a\u0000{"tenant":"t"}'], claims: {} });
    expect(nul).not.toBe(real);
    expect(nul.can('call', tool('a'))).toBe(false);
  });

  it('keys claims by value, so a fresh claims object hits too', () => {
    const policy = definePolicy({ claims: ['tenant'] }).build();
    const a = policy.abilityFor({ scopes: ['mcp:tools:a'], claims: { tenant: 'acme' } });
    expect(policy.abilityFor({ scopes: ['mcp:tools:a'], claims: { tenant: 'acme' } })).toBe(a);
    expect(policy.abilityFor({ scopes: ['mcp:tools:a'], claims: { tenant: 'globex' } })).not.toBe(
      a,
    );
  });

  it('stays bounded and correct when the aliases are evicted', () => {
    const policy = definePolicy({ cacheSize: 2 }).build();
    for (const name of ['a', 'b', 'c', 'd']) {
      policy.abilityFor({ scopes: [`mcp:tools:${name}`, 'mcp:prompts:p'] });
    }
    for (const name of ['a', 'b', 'c', 'd']) {
      const again = policy.abilityFor({ scopes: ['mcp:prompts:p', `mcp:tools:${name}`] });
      expect(again.can('call', tool(name))).toBe(true);
      expect(again.can('call', tool('z'))).toBe(false);
      expect(policy.abilityFor({ scopes: [`mcp:tools:${name}`, 'mcp:prompts:p'] })).toBe(again);
    }
  });
});
