import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError } from '@gatehouse/errors';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, validateConfig } from './index.js';

const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(GatehouseError.isInstance(error)).toBe(true);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).code).toBe('ERR_CONFIG_INVALID');
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('has development defaults with --dev', () => {
    expect(loadConfig({ argv: ['--dev'] })).toEqual({
      dev: true,
      host: '127.0.0.1',
      port: 3000,
      resource: undefined,
      issuer: 'http://127.0.0.1:4000',
      algorithms: ['ES256'],
      introspection: undefined,
      scopesSupported: ['mcp:tools:weather'],
      resourceName: 'Gatehouse sample MCP server',
      allowedOrigins: undefined,
      sessions: 'stateless',
      auditFile: './data/resource-audit.log',
      logLevel: 'info',
    });
  });

  it('requires an https resource and issuer without --dev', () => {
    const problems = problemsOf(() => loadConfig({}));
    expect(problems.some((p) => p.startsWith('resource: required'))).toBe(true);
    expect(problems.some((p) => p.startsWith('issuer: required'))).toBe(true);
    const http = problemsOf(() =>
      validateConfig({ resource: 'http://127.0.0.1:3000/mcp', issuer: 'http://127.0.0.1:4000' }),
    );
    expect(http).toEqual([
      'resource: must be https (http on loopback only with --dev)',
      'issuer: must be https (http on loopback only with --dev)',
    ]);
    expect(
      validateConfig({
        resource: 'https://mcp.example.com/mcp',
        issuer: 'https://auth.example.com',
      }).resource,
    ).toBe('https://mcp.example.com/mcp');
  });

  it('never allows http on a non-loopback host, even with --dev', () => {
    const problems = problemsOf(() =>
      validateConfig({
        dev: true,
        resource: 'http://mcp.example.com/mcp',
        issuer: 'http://auth.example.com',
      }),
    );
    expect(problems).toEqual(['resource: must be https', 'issuer: must be https']);
  });

  it('refuses a resource that is not in canonical form, or has a query, fragment or userinfo', () => {
    for (const resource of [
      'https://MCP.example.com/mcp',
      'https://mcp.example.com:443/mcp',
      'https://mcp.example.com/mcp/',
      'https://mcp.example.com/a/../mcp',
      'https://mcp.example.com/mcp#x',
      'https://u:p@mcp.example.com/mcp',
    ]) {
      const problems = problemsOf(() =>
        validateConfig({ resource, issuer: 'https://auth.example.com' }),
      );
      expect(problems.length, resource).toBeGreaterThan(0);
      expect(
        problems.every((p) => p.startsWith('resource:')),
        resource,
      ).toBe(true);
    }
  });

  it('reads GATEHOUSE_MCP_* variables, and flags win over them', () => {
    const config = loadConfig({
      env: {
        GATEHOUSE_MCP_DEV: 'true',
        GATEHOUSE_MCP_PORT: '3100',
        GATEHOUSE_MCP_SCOPES_SUPPORTED: 'mcp:tools:weather mcp:prompts:forecast-briefing',
        GATEHOUSE_MCP_ALGORITHMS: 'ES256,EdDSA',
        GATEHOUSE_MCP_SESSIONS: 'stateful',
        GATEHOUSE_MCP_ALLOWED_ORIGINS: 'http://localhost:6274',
        GATEHOUSE_MCP_LOG_LEVEL: 'warn',
        GATEHOUSE_MCP_HOST: '',
      },
      argv: ['--port', '3200', '--resource', 'http://127.0.0.1:3200/mcp'],
    });
    expect(config).toMatchObject({
      dev: true,
      port: 3200,
      host: '127.0.0.1',
      resource: 'http://127.0.0.1:3200/mcp',
      scopesSupported: ['mcp:tools:weather', 'mcp:prompts:forecast-briefing'],
      algorithms: ['ES256', 'EdDSA'],
      sessions: 'stateful',
      allowedOrigins: ['http://localhost:6274'],
      logLevel: 'warn',
    });
    expect(Object.isFrozen(config) && Object.isFrozen(config.scopesSupported)).toBe(true);
  });

  it('names every bad value', () => {
    const problems = problemsOf(() =>
      validateConfig({
        dev: true,
        port: 70_000,
        algorithms: ['HS256', 'none'],
        scopesSupported: ['mcp:tools:we*', 'offline_access'],
        allowedOrigins: ['https://app.example.com/path'],
        sessions: 'sticky',
        logLevel: 'loud',
        colour: 'blue',
      }),
    );
    for (const key of [
      'colour',
      'port',
      'algorithms',
      'scopesSupported',
      'allowedOrigins',
      'sessions',
      'logLevel',
    ]) {
      expect(
        problems.some((p) => p.startsWith(`${key}:`)),
        key,
      ).toBe(true);
    }
    expect(problemsOf(() => loadConfig({ env: { GATEHOUSE_MCP_PORT: 'abc' } }))).toEqual([
      'GATEHOUSE_MCP_PORT: must be a whole number',
    ]);
    expect(problemsOf(() => loadConfig({ argv: ['--unknown'] })).length).toBe(1);
  });

  it('configures introspection with a client id and a secret from the environment or a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
    const secretFile = join(dir, 'secret');
    writeFileSync(secretFile, 's3cret\n');
    const base = {
      dev: true,
      introspectionUrl: 'http://127.0.0.1:4000/introspect',
      introspectionClientId: 'rs',
    };
    expect(
      validateConfig({ ...base, introspectionClientSecretFile: secretFile }).introspection,
    ).toEqual({
      url: 'http://127.0.0.1:4000/introspect',
      clientId: 'rs',
      clientSecret: 's3cret',
      authMethod: 'client_secret_basic',
      cacheSeconds: 5,
    });
    const fromEnv = loadConfig({
      env: { GATEHOUSE_MCP_INTROSPECTION_CLIENT_SECRET: 'env-secret' },
      overrides: { ...base, introspectionAuthMethod: 'client_secret_post' },
    });
    expect(fromEnv.introspection).toMatchObject({
      clientSecret: 'env-secret',
      authMethod: 'client_secret_post',
    });
    expect(problemsOf(() => validateConfig(base))).toEqual([
      'introspectionClientSecret: required with introspectionUrl (environment or file)',
    ]);
    expect(problemsOf(() => validateConfig({ dev: true, introspectionClientId: 'rs' }))).toEqual([
      'introspectionUrl: required with the introspection client settings',
    ]);
    const missing = problemsOf(() =>
      validateConfig({ ...base, introspectionClientSecretFile: join(dir, 'missing') }),
    );
    expect(missing.some((p) => p.startsWith('introspectionClientSecretFile:'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets how long an introspection answer is reused: 5 s by default, 0 for none, at most 300', () => {
    const base = {
      dev: true,
      introspectionUrl: 'http://127.0.0.1:4000/introspect',
      introspectionClientId: 'rs',
      introspectionClientSecret: 'x',
    };
    expect(validateConfig(base).introspection?.cacheSeconds).toBe(5);
    const fromFlag = loadConfig({ argv: ['--introspection-cache-seconds', '0'], overrides: base });
    expect(fromFlag.introspection?.cacheSeconds).toBe(0);
    const fromEnv = loadConfig({
      env: { GATEHOUSE_MCP_INTROSPECTION_CACHE_SECONDS: '60' },
      overrides: base,
    });
    expect(fromEnv.introspection?.cacheSeconds).toBe(60);
    for (const bad of [301, -1, 1.5, '5']) {
      expect(
        problemsOf(() => validateConfig({ ...base, introspectionCacheSeconds: bad })),
        String(bad),
      ).toEqual([
        'introspectionCacheSeconds: must be a whole number of seconds from 0 (no cache) to 300',
      ]);
    }
    expect(
      problemsOf(() => loadConfig({ argv: ['--introspection-cache-seconds', 'soon'] })),
    ).toEqual(['--introspection-cache-seconds: must be a whole number']);
    expect(problemsOf(() => validateConfig({ dev: true, introspectionCacheSeconds: 5 }))).toEqual([
      'introspectionUrl: required with the introspection client settings',
    ]);
  });

  it('has no command-line flag for the introspection secret (it would show in the process list)', () => {
    expect(
      problemsOf(() => loadConfig({ argv: ['--introspection-client-secret', 'x'] })),
    ).toHaveLength(1);
  });
});
