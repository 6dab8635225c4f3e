import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

// Closing is the last thing this process does: nothing else keeps its event loop alive.
const LAST_THING = `
import { createStore } from '@gatehouse/auth-server';
const store = await createStore({ url: 'sqlite:' + process.env.STORE_FILE });
await store.users.count();
await store.close();
process.stdout.write('closed');
`;

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a SQLite store closed as the last thing a process does', () => {
  it('finishes closing (its checkpoint thread ended) before the process exits', () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-store-close-'));
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', LAST_THING], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, STORE_FILE: join(dir, 'gatehouse.db') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('closed');
    expect(run.status).toBe(0);
  });
});
