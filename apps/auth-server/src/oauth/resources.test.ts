import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config.js';
import type { ResolvedClient } from '../context.js';
import {
  grantableScopes,
  narrowToGrant,
  parseRequestedScope,
  selectResource,
} from './resources.js';

const config = validateConfig({
  dev: true,
  resources: [
    { uri: 'http://127.0.0.1:3000/mcp', scopes: ['mcp:tools:*', 'mcp:prompts:greeting'] },
    { uri: 'https://api.example.com/mcp', scopes: ['mcp:tools:weather'] },
  ],
});
const resource = selectResource(config);
const client = (scope?: string) => ({ metadata: { scope } }) as unknown as ResolvedClient;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('selectResource', () => {
  it('defaults to the configured default and matches canonically', () => {
    expect(resource.uri).toBe('http://127.0.0.1:3000/mcp');
    expect(selectResource(config, 'HTTPS://API.example.com:443/mcp/').uri).toBe(
      'https://api.example.com/mcp',
    );
  });
  it('refuses unknown and malformed resources with invalid_target', () => {
    expect(codeOf(() => selectResource(config, 'https://api.example.com/other'))).toBe(
      'ERR_AS_RESOURCE_UNKNOWN',
    );
    expect(codeOf(() => selectResource(config, 'https://api.example.com/mcp#x'))).toBe(
      'ERR_AS_RESOURCE_INVALID',
    );
    expect(codeOf(() => selectResource(config, 'mcp'))).toBe('ERR_AS_RESOURCE_INVALID');
  });
});

describe('grantableScopes', () => {
  it('keeps what a resource pattern covers and drops the rest', () => {
    const requested = parseRequestedScope('mcp:tools:weather mcp:admin mcp:prompts:*');
    expect(grantableScopes(config, resource, client(), requested)).toEqual({
      scopes: ['mcp:tools:weather'],
      dropped: ['mcp:admin', 'mcp:prompts:*'],
    });
  });
  it('is invalid_scope when nothing requested is allowed', () => {
    expect(codeOf(() => grantableScopes(config, resource, client(), ['mcp:admin']))).toBe(
      'ERR_AS_SCOPE_NOT_ALLOWED',
    );
  });
  it('without scope: the registered scope if any, else what the resource allows', () => {
    expect(grantableScopes(config, resource, client(), undefined).scopes).toEqual([
      'mcp:tools:*',
      'mcp:prompts:greeting',
    ]);
    expect(
      grantableScopes(config, resource, client('mcp:tools:weather'), undefined).scopes,
    ).toEqual(['mcp:tools:weather']);
  });
  it('the registered scope is not a ceiling by default (MCP step-up), but is with registeredScopeIsCeiling', () => {
    const wanted = ['mcp:tools:weather', 'mcp:tools:search'];
    expect(grantableScopes(config, resource, client('mcp:tools:weather'), wanted).scopes).toEqual(
      wanted,
    );
    expect(
      grantableScopes(
        { registeredScopeIsCeiling: true },
        resource,
        client('mcp:tools:weather'),
        wanted,
      ),
    ).toEqual({ scopes: ['mcp:tools:weather'], dropped: ['mcp:tools:search'] });
  });
  it('refresh may only narrow', () => {
    expect(narrowToGrant(['mcp:tools:*'], ['mcp:tools:weather'])).toEqual(['mcp:tools:weather']);
    expect(narrowToGrant(['mcp:tools:*'], undefined)).toEqual(['mcp:tools:*']);
    expect(codeOf(() => narrowToGrant(['mcp:tools:weather'], ['mcp:tools:*']))).toBe(
      'ERR_AS_SCOPE_WIDENED',
    );
  });
  it('a malformed scope is invalid_scope', () => {
    expect(codeOf(() => parseRequestedScope('a  b'))).toBe('ERR_AS_SCOPE_MALFORMED');
  });
});
