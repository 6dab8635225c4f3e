import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashClientSecret, verifyClientSecret } from '@gatehouse/registration';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliIo, main } from './cli.js';
import { ENV_VARIABLES } from './config.js';
import { createStore, storeUrl } from './store/index.js';
import { authenticateUser } from './users/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function io(env: Record<string, string> = {}, password = 'correct horse') {
  const output = { out: '', err: '' };
  const value: CliIo = {
    env,
    out: (text) => {
      output.out += text;
    },
    err: (text) => {
      output.err += text;
    },
    password: async () => password,
  };
  return { io: value, output };
}

describe('gatehouse-auth', () => {
  it('--help documents every command, flag, setting and environment variable', async () => {
    const { io: cli, output } = io();
    expect(await main(['--help'], cli)).toBe(0);
    for (const word of [
      'start',
      'users add',
      'keys rotate',
      'clients add',
      'clients remove',
      'clients new-secret',
      '--claim',
      '--grant',
      '--auth-method',
      'userClaims',
      'client_secret_hash',
      '--dev',
      '--config',
      '--port',
      '--password-stdin',
    ]) {
      expect(output.out).toContain(word);
    }
    for (const [name, { key }] of Object.entries(ENV_VARIABLES)) {
      expect(output.out).toContain(name);
      expect(output.out).toContain(key);
    }
  });

  it('users add stores a user whose password then authenticates; keys rotate adds a key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    dirs.push(dir);
    const { io: cli, output } = io({ GATEHOUSE_DATA_DIR: dir });
    expect(await main(['users', 'add', 'bob', '--dev', '--password-stdin'], cli)).toBe(0);
    expect(output.out).toContain('added user bob');
    expect(await main(['keys', 'rotate', '--dev'], cli)).toBe(0);
    expect(output.out).toMatch(/new key \S+: published now/);
    const store = await createStore({ url: storeUrl({ dataDir: dir }) });
    try {
      expect(await authenticateUser(store.users, 'bob', 'correct horse')).toMatchObject({
        username: 'bob',
      });
      expect(await authenticateUser(store.users, 'bob', 'wrong horse')).toBeUndefined();
      expect((await store.signingKeys.list()).length).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('users add --claim stores configured claims, and refuses registered or unconfigured ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    dirs.push(dir);
    const { io: cli, output } = io({ GATEHOUSE_DATA_DIR: dir });
    const add = (...args: string[]) => main(['users', 'add', ...args, '--dev'], cli);
    expect(await add('carol', '--claim', 'tenant=acme')).toBe(0);
    expect(output.out).toContain('added user carol (tenant=acme)');
    await expect(add('mallory', '--claim', 'sub=carol')).rejects.toMatchObject({
      code: 'ERR_USERS_CLAIM_NOT_ALLOWED',
    });
    await expect(add('mallory', '--claim', 'region=eu')).rejects.toMatchObject({
      code: 'ERR_USERS_CLAIM_NOT_ALLOWED',
    });
    await expect(add('mallory', '--claim', 'tenant')).rejects.toMatchObject({
      code: 'ERR_USERS_CLAIM_INVALID',
    });
    await expect(
      add('mallory', '--claim', 'tenant=a', '--claim', 'tenant=b'),
    ).rejects.toMatchObject({ code: 'ERR_USERS_CLAIM_INVALID' });
    const { io: regional } = io({
      GATEHOUSE_DATA_DIR: dir,
      GATEHOUSE_USER_CLAIMS: 'tenant,region',
    });
    expect(await main(['users', 'add', 'dave', '--claim', 'region=eu', '--dev'], regional)).toBe(0);
    const store = await createStore({ url: storeUrl({ dataDir: dir }) });
    try {
      expect((await store.users.findByUsername('carol'))?.claims).toEqual({ tenant: 'acme' });
      expect((await store.users.findByUsername('dave'))?.claims).toEqual({ region: 'eu' });
      expect(await store.users.findByUsername('mallory')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('clients add stores a client_credentials client and prints its secret once; remove deletes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    dirs.push(dir);
    const { io: cli, output } = io({ GATEHOUSE_DATA_DIR: dir });
    const args = ['clients', 'add', '--dev', '--name', 'Resource server'];
    expect(
      await main([...args, '--grant', 'client_credentials', '--scope', 'mcp:tools:*'], cli),
    ).toBe(0);
    const clientId = /client_id {6}(\S+)/.exec(output.out)?.[1] ?? '';
    const secret = /client_secret {2}(\S+)/.exec(output.out)?.[1] ?? '';
    expect(output.out).toContain('shown once and stored only hashed');
    const store = await createStore({ url: storeUrl({ dataDir: dir }) });
    try {
      const record = await store.clients.get(clientId, Math.floor(Date.now() / 1000));
      expect(record?.metadata).toMatchObject({
        client_name: 'Resource server',
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'mcp:tools:*',
      });
      expect(record?.expiresAt).toBeUndefined();
      await expect(verifyClientSecret(record, secret, 10 ** 10)).resolves.toBeUndefined();
    } finally {
      await store.close();
    }
    await expect(main([...args, '--grant', 'client_credentials'], cli)).rejects.toMatchObject({
      code: 'ERR_CLIENTS_SCOPE_REQUIRED',
    });
    await expect(
      main([...args, '--grant', 'client_credentials', '--scope', 'admin:*'], cli),
    ).rejects.toMatchObject({ code: 'ERR_REGISTRATION_SCOPE_NOT_ALLOWED' });
    await expect(
      main([...args, '--grant', 'authorization_code', '--auth-method', 'none'], cli),
    ).rejects.toMatchObject({ code: 'ERR_REGISTRATION_REDIRECT_URI_MISSING' });
    await expect(main(['clients', 'add', '--dev'], cli)).rejects.toMatchObject({
      code: 'ERR_CLIENTS_FLAGS',
    });
    const before = output.out.length;
    expect(
      await main(
        [
          ...args,
          '--grant',
          'authorization_code',
          '--grant',
          'refresh_token',
          '--redirect-uri',
          'https://app.example/cb',
          '--auth-method',
          'none',
          '--client-id',
          'web-app',
        ],
        cli,
      ),
    ).toBe(0);
    const publicClient = output.out.slice(before);
    expect(publicClient).toContain('client_id      web-app');
    expect(publicClient).not.toContain('client_secret');
    expect(await main(['clients', 'remove', clientId, '--dev'], cli)).toBe(0);
    await expect(main(['clients', 'remove', clientId, '--dev'], cli)).rejects.toMatchObject({
      code: 'ERR_CLIENTS_UNKNOWN',
    });
  });

  it('clients new-secret prints a random secret and its client_secret_hash', async () => {
    const { io: cli, output } = io();
    expect(await main(['clients', 'new-secret'], cli)).toBe(0);
    const secret = /client_secret {7}(\S+)/.exec(output.out)?.[1] ?? '';
    const hash = /client_secret_hash {2}(\S+)/.exec(output.out)?.[1];
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(await hashClientSecret(secret));
  });

  it('refuses unknown commands and invalid configuration', async () => {
    const { io: cli, output } = io();
    expect(await main(['frobnicate'], cli)).toBe(2);
    expect(output.err).toContain('unknown command');
    await expect(main(['start'], cli)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    await expect(main(['--port', 'x'], cli)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });
});
