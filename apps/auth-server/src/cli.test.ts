import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('refuses unknown commands and invalid configuration', async () => {
    const { io: cli, output } = io();
    expect(await main(['frobnicate'], cli)).toBe(2);
    expect(output.err).toContain('unknown command');
    await expect(main(['start'], cli)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    await expect(main(['--port', 'x'], cli)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });
});
