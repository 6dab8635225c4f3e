import { describe, expect, it } from 'vitest';
import { describeScope } from './scope-descriptions.js';

describe('describeScope', () => {
  it.each([
    ['mcp:tools:*', 'Use all tools'],
    ['mcp:tools:weather', 'Use the tool “weather”'],
    ['mcp:resources:*', 'Read all resources'],
    ['mcp:resources:customer-data:read', 'Read the resource “customer-data”'],
    ['mcp:resources:customer-data:subscribe', 'Get updates of the resource “customer-data”'],
    ['mcp:resources:docs', 'Read the resource “docs”'],
    ['mcp:prompts:*', 'Use all prompts'],
    ['mcp:prompts:summary', 'Use the prompt “summary”'],
    ['mcp:exec:workflows:*', 'Run all workflows'],
    ['mcp:exec:workflows:deploy', 'Run the workflow “deploy”'],
    ['offline_access', 'Stay connected while you are away (the app may refresh its access)'],
    ['custom:thing', 'The permission “custom:thing”'],
  ])('%s', (scope, text) => {
    expect(describeScope(scope)).toBe(text);
  });

  it('prefers the configured description of the most specific covering pattern', () => {
    const configured = {
      'mcp:tools:*': 'Use every tool of the Weather service',
      'mcp:tools:admin:*': 'Administer the service',
      'mcp:tools:weather': 'See the forecast',
    };
    expect(describeScope('mcp:tools:weather', configured)).toBe('See the forecast');
    expect(describeScope('mcp:tools:admin:users', configured)).toBe('Administer the service');
    expect(describeScope('mcp:tools:other', configured)).toBe(
      'Use every tool of the Weather service',
    );
    expect(describeScope('mcp:prompts:x', configured)).toBe('Use the prompt “x”');
  });

  it('ignores malformed configured patterns', () => {
    expect(describeScope('mcp:tools:x', { 'bad pattern': 'no', '*:x': 'no' })).toBe(
      'Use the tool “x”',
    );
  });
});
