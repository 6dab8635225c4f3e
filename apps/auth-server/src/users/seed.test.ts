import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFileDialect } from '../store/test-helpers.js';
import { authenticateUser } from './authenticate.js';
import { DEMO_USERNAME, ensureDemoUser } from './seed.js';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const dialect = sqliteFileDialect();
afterAll(() => dialect.cleanup());

function recordingLog() {
  const lines: string[] = [];
  return {
    lines,
    info: (object: object, message: string) => lines.push(JSON.stringify({ object, message })),
  };
}

describe('demo user seeding', () => {
  it('creates demo with a random password on first start, and only then', async () => {
    const [store, again] = await dialect.openShared(2);
    if (store === undefined || again === undefined) throw new Error('two stores expected');
    const log = recordingLog();
    const demo = await ensureDemoUser(store, log, { cost: CHEAP });
    expect(demo?.username).toBe(DEMO_USERNAME);
    expect(demo?.password.length).toBeGreaterThanOrEqual(22);
    expect(
      (await authenticateUser(store.users, DEMO_USERNAME, demo?.password ?? ''))?.username,
    ).toBe(DEMO_USERNAME);
    expect(log.lines.join('\n')).not.toContain(demo?.password);
    expect((await store.users.findByUsername(DEMO_USERNAME))?.claims).toEqual({ tenant: 'acme' });

    // A restart (another connection to the same database) seeds nothing and prints nothing.
    expect(await ensureDemoUser(again, log, { cost: CHEAP })).toBeUndefined();
    expect(await store.users.count()).toBe(1);
  });

  it('never uses a fixed password', async () => {
    const passwords = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const store = await dialect.open();
      const demo = await ensureDemoUser(store, recordingLog(), { cost: CHEAP });
      passwords.add(demo?.password ?? '');
    }
    expect(passwords.size).toBe(3);
  });

  it('seeds nothing when users exist already, and only one demo when two replicas start at once', async () => {
    const [a, b] = await dialect.openShared(2);
    if (a === undefined || b === undefined) throw new Error('two stores expected');
    const results = await Promise.all([
      ensureDemoUser(a, recordingLog(), { cost: CHEAP }),
      ensureDemoUser(b, recordingLog(), { cost: CHEAP }),
    ]);
    expect(results.filter((result) => result !== undefined).length).toBe(1);
    expect(await a.users.count()).toBe(1);
  });
});
