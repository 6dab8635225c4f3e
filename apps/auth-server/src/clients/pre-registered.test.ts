import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClientSecret, hashClientSecret } from '@gatehouse/registration';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config.js';
import { preRegisteredClientPolicy } from '../oauth/registration-policy.js';
import { sqliteMemoryDialect } from '../store/test-helpers.js';
import { postForm, RESOURCE, startTestServer } from '../testing/test-server.js';
import { addClient } from './add-client.js';
import { provisionClients } from './provision.js';

const MACHINE = {
  client_name: 'Nightly report',
  grant_types: ['client_credentials'],
  scope: 'mcp:tools:read mcp:resources:*',
  token_endpoint_auth_method: 'client_secret_basic',
};
const config = validateConfig({ dev: true });
const policy = preRegisteredClientPolicy(config);

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
}

describe('addClient (pre-registered clients)', () => {
  const dialect = sqliteMemoryDialect();
  afterAll(() => dialect.cleanup());

  it('stores a client_credentials client with a hashed secret that never expires', async () => {
    const store = await dialect.open();
    const added = await addClient(store.clients, { metadata: MACHINE, policy, now: 100 });
    expect(added.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await store.clients.get(added.clientId, 10 ** 10);
    expect(stored).toMatchObject({
      clientSecretHash: await hashClientSecret(added.clientSecret ?? ''),
      clientSecretExpiresAt: 0,
      metadata: { grant_types: ['client_credentials'], response_types: [], scope: MACHINE.scope },
    });
    expect(stored?.expiresAt).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain(added.clientSecret);
    expect(await store.deleteExpired(10 ** 10)).toBe(0);
  });

  it('gives private_key_jwt and public clients no secret', async () => {
    const store = await dialect.open();
    const jwt = await addClient(store.clients, {
      metadata: {
        ...MACHINE,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: 'https://app.example/jwks.json',
      },
      policy,
      now: 1,
    });
    expect(jwt.clientSecret).toBeUndefined();
    expect(jwt.record.clientSecretHash).toBeUndefined();
    const web = await addClient(store.clients, {
      metadata: {
        client_name: 'Web',
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: ['https://app.example/cb'],
        token_endpoint_auth_method: 'none',
      },
      policy,
      now: 1,
      clientId: 'web-app',
    });
    expect(web.clientId).toBe('web-app');
  });

  it('refuses what the registration rules refuse, and what they would let through silently', async () => {
    const store = await dialect.open();
    const attempt = (metadata: Record<string, unknown>, clientId?: string) =>
      codeOf(
        addClient(store.clients, {
          metadata,
          policy,
          now: 1,
          ...(clientId === undefined ? {} : { clientId }),
        }),
      );
    expect(await attempt({ ...MACHINE, scope: undefined })).toBe('ERR_CLIENTS_SCOPE_REQUIRED');
    expect(await attempt({ ...MACHINE, scope: 'admin:all' })).toBe(
      'ERR_REGISTRATION_SCOPE_NOT_ALLOWED',
    );
    expect(await attempt({ ...MACHINE, token_endpoint_auth_method: 'none' })).toBe(
      'ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH',
    );
    expect(await attempt({ ...MACHINE, token_endpoint_auth_method: 'private_key_jwt' })).toBe(
      'ERR_REGISTRATION_JWKS_MISSING',
    );
    expect(await attempt({ ...MACHINE, grant_types: ['password'] })).toBe(
      'ERR_REGISTRATION_GRANT_TYPE',
    );
    expect(await attempt(MACHINE, 'https://app.example/client.json')).toBe(
      'ERR_CLIENTS_ID_INVALID',
    );
    expect(await attempt(MACHINE, 'job-1')).toBeUndefined();
    expect(await attempt(MACHINE, 'job-1')).toBe('ERR_CLIENTS_ID_TAKEN');
  });
});

describe('configured clients at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-clients-'));
  const envSecret = generateClientSecret();
  const fileSecret = generateClientSecret();
  const hashedSecret = generateClientSecret();
  const secretFile = join(dir, 'secret');
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    writeFileSync(secretFile, `${fileSecret}\n`);
    server = await startTestServer(
      {
        clients: [
          { ...MACHINE, client_id: 'from-env', client_secret_env: 'REPORT_SECRET' },
          { ...MACHINE, client_id: 'from-file', client_secret_file: secretFile },
          {
            ...MACHINE,
            client_id: 'from-hash',
            client_secret_hash: await hashClientSecret(hashedSecret),
          },
        ],
        introspectionClients: ['from-file'],
      },
      { env: { REPORT_SECRET: envSecret } },
    );
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const token = (clientId: string, secret: string, scope = 'mcp:tools:read') =>
    postForm(
      `${server.url}/token`,
      { grant_type: 'client_credentials', scope, resource: RESOURCE },
      { basic: [clientId, secret] },
    );

  it('each authenticates with its secret and gets client_credentials tokens within its scope', async () => {
    for (const [clientId, secret] of [
      ['from-env', envSecret],
      ['from-file', fileSecret],
      ['from-hash', hashedSecret],
    ] as const) {
      const response = await token(clientId, secret);
      expect(response.status).toBe(200);
      expect(decodeJwt((await response.json()).access_token)).toMatchObject({
        sub: clientId,
        client_id: clientId,
        scope: 'mcp:tools:read',
      });
      expect((await token(clientId, `${secret}x`)).status).toBe(401);
    }
    const wider = await token('from-env', envSecret, 'mcp:prompts:greeting');
    expect(await wider.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('a resource server introspects with one', async () => {
    const { access_token } = await (await token('from-env', envSecret)).json();
    const response = await postForm(
      `${server.url}/introspect`,
      { token: access_token },
      { basic: ['from-file', fileSecret] },
    );
    expect(await response.json()).toMatchObject({ active: true, client_id: 'from-env' });
  });

  it('the configuration wins on the next start: metadata and secret replaced, issue time kept', async () => {
    const { store } = server.context;
    const before = await store.clients.get('from-env', server.context.now());
    const rotated = generateClientSecret();
    const next = validateConfig({
      dev: true,
      clients: [
        { ...MACHINE, client_id: 'from-env', scope: 'mcp:tools:read', client_secret_env: 'S' },
      ],
    });
    await provisionClients(store.clients, next.clients, {
      env: { S: rotated },
      now: server.context.now() + 60,
    });
    const after = await store.clients.get('from-env', server.context.now());
    expect(after?.metadata.scope).toBe('mcp:tools:read');
    expect(after?.clientIdIssuedAt).toBe(before?.clientIdIssuedAt);
    expect((await token('from-env', envSecret)).status).toBe(401);
    expect((await token('from-env', rotated)).status).toBe(200);
  });

  it('refuses a missing variable, an unreadable file and a short secret, naming the field', async () => {
    const dialect = sqliteMemoryDialect();
    try {
      const store = await dialect.open();
      const configured = (entry: Record<string, unknown>) =>
        validateConfig({ dev: true, clients: [{ ...MACHINE, client_id: 'c', ...entry }] }).clients;
      const failure = async (entry: Record<string, unknown>, env: Record<string, string> = {}) => {
        try {
          await provisionClients(store.clients, configured(entry), { env, now: 1 });
        } catch (error) {
          return { code: (error as { code?: unknown }).code, message: (error as Error).message };
        }
        return undefined;
      };
      expect(await failure({ client_secret_env: 'MISSING' })).toMatchObject({
        code: 'ERR_CONFIG_INVALID',
        message: expect.stringContaining('clients[0].client_secret_env: MISSING is not set'),
      });
      expect(await failure({ client_secret_file: join(dir, 'nope') })).toMatchObject({
        code: 'ERR_CONFIG_INVALID',
        message: expect.stringContaining('clients[0].client_secret_file'),
      });
      expect(await failure({ client_secret_env: 'SHORT' }, { SHORT: 'hunter2' })).toMatchObject({
        code: 'ERR_CONFIG_INVALID',
        message: expect.stringContaining('at least 32 characters'),
      });
      expect(await store.clients.get('c', 1)).toBeUndefined();
    } finally {
      await dialect.cleanup();
    }
  });
});
