import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCE, loadConfig, validateConfig } from './config.js';

function problems(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code?: string }).code).toBe('ERR_CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected ERR_CONFIG_INVALID');
}

describe('config', () => {
  it('--dev defaults: loopback issuer on 4000, SQLite in ./data, the default resource and lifetimes', () => {
    const config = validateConfig({ dev: true });
    expect(config).toMatchObject({
      issuer: 'http://127.0.0.1:4000',
      host: '127.0.0.1',
      port: 4000,
      dataDir: './data',
      defaultResource: DEFAULT_RESOURCE.uri,
      codeTtlSeconds: 60,
      refreshTokenTtlSeconds: 30 * 86_400,
      keyPublishSeconds: 300,
      registeredScopeIsCeiling: false,
      trustProxy: false,
    });
    expect(config.resources).toEqual([
      {
        uri: 'http://127.0.0.1:3000/mcp',
        scopes: [...DEFAULT_RESOURCE.scopes],
        accessTokenTtlSeconds: 300,
      },
    ]);
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config.resources[0])).toBe(true);
  });

  it('without --dev the issuer is required and must be https', () => {
    expect(problems(() => validateConfig({}))).toMatch(/issuer: required/);
    expect(problems(() => validateConfig({ issuer: 'http://auth.example.com' }))).toMatch(
      /issuer: must be https/,
    );
    expect(problems(() => validateConfig({ issuer: 'http://127.0.0.1:4000' }))).toMatch(
      /issuer: must be https/,
    );
    expect(
      problems(() => validateConfig({ dev: true, issuer: 'http://auth.example.com' })),
    ).toMatch(/issuer: must be https/);
    expect(problems(() => validateConfig({ issuer: 'https://auth.example.com/?x=1' }))).toMatch(
      /issuer: must have no query/,
    );
    expect(problems(() => validateConfig({ issuer: 'https://Auth.example.com' }))).toMatch(
      /issuer: must be written canonically/,
    );
    expect(problems(() => validateConfig({ issuer: 'https://auth.example.com/' }))).toMatch(
      /issuer: must be written canonically/,
    );
  });

  it('outside --dev, resources must be https and test settings are refused', () => {
    const message = problems(() =>
      validateConfig({
        issuer: 'https://auth.example.com',
        cimdAllowPrivateOrigins: ['https://127.0.0.1:1'],
      }),
    );
    expect(message).toMatch(/resources\[0\]\.uri: must be https/);
    expect(message).toMatch(/cimdAllowPrivateOrigins/);
    const ok = validateConfig({
      issuer: 'https://auth.example.com',
      resources: [
        { uri: 'https://mcp.example.com/mcp', scopes: ['mcp:tools:*'], accessTokenTtlSeconds: 600 },
      ],
    });
    expect(ok.defaultResource).toBe('https://mcp.example.com/mcp');
    expect(ok.resources[0]?.accessTokenTtlSeconds).toBe(600);
  });

  it('names every bad field at once', () => {
    const message = problems(() =>
      validateConfig({
        dev: true,
        port: 70_000,
        codeTtlSeconds: 3600,
        resources: [{ uri: 'not a uri', scopes: ['*'] }],
        rateLimits: { token: { points: 0, durationSeconds: 1 }, login: {} },
        colour: 'blue',
      }),
    );
    for (const field of [
      'port',
      'codeTtlSeconds',
      'resources[0].uri',
      'resources[0].scopes',
      'rateLimits.token',
      'rateLimits.login',
      'colour',
    ]) {
      expect(message).toContain(`${field}:`);
    }
  });

  it('keyPublishSeconds 0 only in --dev', () => {
    expect(validateConfig({ dev: true, keyPublishSeconds: 0 }).keyPublishSeconds).toBe(0);
    expect(
      problems(() =>
        validateConfig({
          issuer: 'https://a.example',
          keyPublishSeconds: 0,
          resources: [{ uri: 'https://r.example', scopes: ['a'] }],
        }),
      ),
    ).toMatch(/keyPublishSeconds/);
  });

  it('layers file < environment < flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({ dev: true, port: 5000, trustProxy: true, dataDir: '/var/lib/x' }),
    );
    const config = loadConfig({
      file,
      env: {
        GATEHOUSE_PORT: '5001',
        GATEHOUSE_TRUST_PROXY: 'false',
        DATABASE_URL: 'postgres://u@127.0.0.1/db',
      },
      overrides: { port: 5002 },
    });
    expect(config).toMatchObject({
      port: 5002,
      trustProxy: false,
      dataDir: '/var/lib/x',
      issuer: 'http://127.0.0.1:5002',
    });
    expect(config.databaseUrl).toBe('postgres://u@127.0.0.1/db');
    expect(config.auditFile).toBe('/var/lib/x/audit.log');
  });

  it('reports unreadable files and malformed environment values', () => {
    expect(problems(() => loadConfig({ file: '/nonexistent/config.json' }))).toMatch(
      /cannot be read/,
    );
    expect(problems(() => loadConfig({ env: { GATEHOUSE_PORT: 'eighty' } }))).toMatch(
      /GATEHOUSE_PORT/,
    );
    expect(problems(() => loadConfig({ env: { GATEHOUSE_DEV: 'maybe' } }))).toMatch(
      /GATEHOUSE_DEV/,
    );
    expect(problems(() => loadConfig({ env: { GATEHOUSE_RESOURCES: '[' } }))).toMatch(
      /GATEHOUSE_RESOURCES/,
    );
  });

  it('introspectionClients: none by default, a list in a file or GATEHOUSE_INTROSPECTION_CLIENTS', () => {
    expect(validateConfig({ dev: true }).introspectionClients).toEqual([]);
    expect(
      loadConfig({
        env: { GATEHOUSE_DEV: 'true', GATEHOUSE_INTROSPECTION_CLIENTS: 'rs-a, rs-b' },
      }).introspectionClients,
    ).toEqual(['rs-a', 'rs-b']);
    expect(problems(() => validateConfig({ dev: true, introspectionClients: 'rs-a' }))).toMatch(
      /introspectionClients/,
    );
  });
});
