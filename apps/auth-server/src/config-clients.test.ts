import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from './config.js';

const HASH = `sha256:${'A'.repeat(43)}`;
const MACHINE = {
  client_id: 'reporting-job',
  client_name: 'Nightly report',
  grant_types: ['client_credentials'],
  scope: 'mcp:tools:read',
  token_endpoint_auth_method: 'client_secret_basic',
  client_secret_hash: HASH,
};

function problems(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code?: string }).code).toBe('ERR_CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected ERR_CONFIG_INVALID');
}

describe('config: userClaims', () => {
  it('defaults to tenant, and reads a list from the file or GATEHOUSE_USER_CLAIMS', () => {
    expect(validateConfig({ dev: true }).userClaims).toEqual(['tenant']);
    expect(validateConfig({ dev: true, userClaims: [] }).userClaims).toEqual([]);
    const config = loadConfig({
      env: { GATEHOUSE_USER_CLAIMS: 'tenant, department' },
      overrides: { dev: true },
    });
    expect(config.userClaims).toEqual(['tenant', 'department']);
  });

  it.each(['sub', 'aud', 'scope', 'iss', 'exp', 'client_id', 'gid', 'cnf', 'active'])(
    'refuses the registered claim %s as a user claim',
    (name) => {
      expect(problems(() => validateConfig({ dev: true, userClaims: ['tenant', name] }))).toMatch(
        new RegExp(`userClaims: "${name}" is a registered claim`),
      );
    },
  );

  it('refuses names that are not claim names, and a non-list', () => {
    for (const bad of [['9lives'], ['has space'], ['__proto__'], [42]]) {
      expect(problems(() => validateConfig({ dev: true, userClaims: bad }))).toMatch(/userClaims:/);
    }
    expect(problems(() => validateConfig({ dev: true, userClaims: 'tenant' }))).toMatch(
      /userClaims: must be a list/,
    );
  });
});

describe('config: clients', () => {
  it('accepts a pre-registered client_credentials client with a secret hash, env or file', () => {
    const config = validateConfig({
      dev: true,
      clients: [
        MACHINE,
        {
          ...MACHINE,
          client_id: 'from-env',
          client_secret_hash: undefined,
          client_secret_env: 'RS_SECRET',
        },
        {
          ...MACHINE,
          client_id: 'from-file',
          client_secret_hash: undefined,
          client_secret_file: '/run/secrets/rs',
          token_endpoint_auth_method: 'client_secret_post',
        },
        {
          client_id: 'web-app',
          client_name: 'Web app',
          redirect_uris: ['https://app.example/cb'],
          grant_types: ['authorization_code', 'refresh_token'],
          token_endpoint_auth_method: 'none',
        },
      ],
    });
    expect(config.clients.map((client) => [client.clientId, client.secret])).toEqual([
      ['reporting-job', { hash: HASH }],
      ['from-env', { env: 'RS_SECRET' }],
      ['from-file', { file: '/run/secrets/rs' }],
      ['web-app', undefined],
    ]);
    expect(config.clients[0]?.metadata).toMatchObject({
      client_name: 'Nightly report',
      grant_types: ['client_credentials'],
      response_types: [],
      scope: 'mcp:tools:read',
    });
    for (const key of ['client_secret_hash', 'client_secret_env', 'client_secret_file']) {
      expect(config.clients[0]?.metadata).not.toHaveProperty(key);
      expect(config.clients[1]?.metadata).not.toHaveProperty(key);
    }
    expect(validateConfig({ dev: true }).clients).toEqual([]);
  });

  it('never takes a plaintext secret, and needs exactly one secret source for client_secret_*', () => {
    expect(
      problems(() =>
        validateConfig({ dev: true, clients: [{ ...MACHINE, client_secret: 'hunter2-hunter2' }] }),
      ),
    ).toMatch(/clients\[0\]\.client_secret: never put a secret in the configuration/);
    expect(
      problems(() =>
        validateConfig({ dev: true, clients: [{ ...MACHINE, client_secret_hash: undefined }] }),
      ),
    ).toMatch(/clients\[0\]: needs exactly one of client_secret_hash/);
    expect(
      problems(() =>
        validateConfig({ dev: true, clients: [{ ...MACHINE, client_secret_env: 'X' }] }),
      ),
    ).toMatch(/clients\[0\]: needs exactly one/);
    expect(
      problems(() =>
        validateConfig({
          dev: true,
          clients: [{ ...MACHINE, client_secret_hash: 'sha256:short' }],
        }),
      ),
    ).toMatch(/clients\[0\]\.client_secret_hash: must be sha256:/);
    expect(
      problems(() =>
        validateConfig({
          dev: true,
          clients: [{ ...MACHINE, client_secret_hash: undefined, client_secret_env: 'A-B' }],
        }),
      ),
    ).toMatch(/clients\[0\]\.client_secret_env: must be an environment variable name/);
    expect(
      problems(() =>
        validateConfig({
          dev: true,
          clients: [
            {
              ...MACHINE,
              grant_types: ['authorization_code'],
              redirect_uris: ['https://app.example/cb'],
              scope: undefined,
              token_endpoint_auth_method: 'none',
            },
          ],
        }),
      ),
    ).toMatch(/clients\[0\]\.client_secret_hash: only client_secret_basic and client_secret_post/);
  });

  it('checks the metadata with the registration rules, naming the client', () => {
    const bad = (entry: Record<string, unknown>) =>
      problems(() => validateConfig({ dev: true, clients: [MACHINE, entry] }));
    expect(bad({ ...MACHINE, client_id: 'x', scope: 'admin:all' })).toMatch(
      /clients\[1\]: .*ERR_REGISTRATION_SCOPE_NOT_ALLOWED/,
    );
    expect(bad({ ...MACHINE, client_id: 'x', scope: undefined })).toMatch(
      /clients\[1\]: .*ERR_CLIENTS_SCOPE_REQUIRED/,
    );
    expect(
      bad({
        ...MACHINE,
        client_id: 'x',
        token_endpoint_auth_method: 'none',
        client_secret_hash: undefined,
      }),
    ).toMatch(/clients\[1\]: .*ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH/);
    expect(bad({ ...MACHINE, client_id: 'https://app.example/client.json' })).toMatch(
      /clients\[1\]\.client_id: must be 1 to 128/,
    );
    expect(bad(MACHINE)).toMatch(/clients\[1\]\.client_id: reporting-job is listed twice/);
    expect(problems(() => validateConfig({ dev: true, clients: {} }))).toMatch(
      /clients: must be a list/,
    );
  });
});
