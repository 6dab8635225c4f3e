import { scopeCovers } from '@gatehouse/scopes';
import { describe, expect, it } from 'vitest';
import { describeScope } from './scope-descriptions.js';

describe('describeScope', () => {
  it.each([
    ['mcp:tools:*', 'Use all tools'],
    ['mcp:tools:weather', 'Use the tool “weather”'],
    ['mcp:resources:*', 'Read and get updates of all resources'],
    ['mcp:resources:customer-data:read', 'Read the resource “customer-data”'],
    ['mcp:resources:customer-data:subscribe', 'Get updates of the resource “customer-data”'],
    ['mcp:resources:docs', 'Read and get updates of the resource “docs”'],
    ['mcp:prompts:*', 'Use all prompts'],
    ['mcp:prompts:summary', 'Use the prompt “summary”'],
    ['mcp:exec:workflows:*', 'Run all workflows'],
    ['mcp:exec:workflows:deploy', 'Run the workflow “deploy”'],
    ['offline_access', 'Stay connected while you are away (the app may refresh its access)'],
    ['custom:thing', 'The permission “custom:thing”'],
    // names of Object.prototype members are scopes like any other, not inherited descriptions
    ['constructor', 'The permission “constructor”'],
    ['toString', 'The permission “toString”'],
  ])('%s', (scope, text) => {
    expect(describeScope(scope)).toBe(text);
  });

  it.each([
    // the bare resource scope grants read and subscribe (@gatehouse/scopes MCP defaults)
    ['mcp:resources:customer-data', 'Read and get updates of the resource “customer-data”'],
    ['mcp:resources:*:read', 'Read all resources'],
    ['mcp:resources:*:subscribe', 'Get updates of all resources'],
    ['mcp:resources:*:*', 'Read and get updates of all resources'],
    // a trailing * matches one or more segments: every resource named below "foo" too
    [
      'mcp:resources:foo:*',
      'Read and get updates of the resource “foo” and of every resource whose name starts with “foo:”',
    ],
    ['mcp:tools:admin:*', 'Use every tool whose name starts with “admin:”'],
    ['mcp:tools:*:*', 'Use all tools'],
    ['mcp:prompts:team:*', 'Use every prompt whose name starts with “team:”'],
    ['mcp:exec:workflows:deploy:*', 'Run every workflow whose name starts with “deploy:”'],
    // wildcards in the middle have no plain words: the scope itself is named
    ['mcp:resources:a:*:read', 'The permission “mcp:resources:a:*:read”'],
    ['mcp:tools:a:*:b', 'The permission “mcp:tools:a:*:b”'],
    // only read and subscribe are actions: any other last segment is part of the name
    ['mcp:resources:foo:constructor', 'Read and get updates of the resource “foo:constructor”'],
  ])('never says less than %s grants', (scope, text) => {
    expect(describeScope(scope)).toBe(text);
  });

  it('describes every scope a wildcard resource scope covers by wording that includes it', () => {
    const covered = [
      'mcp:resources:foo:read',
      'mcp:resources:foo:subscribe',
      'mcp:resources:foo:bar:read',
    ];
    for (const scope of covered) expect(scopeCovers('mcp:resources:foo:*', scope)).toBe(true);
    const wording = describeScope('mcp:resources:foo:*');
    expect(wording).toContain('Read and get updates of the resource “foo”');
    expect(wording).toContain('every resource whose name starts with “foo:”');
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
