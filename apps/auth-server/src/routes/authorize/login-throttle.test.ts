import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, type Flow, login } from './flow-helpers.js';
import { createLoginThrottle, LOGIN_FAILURES_PER_ACCOUNT } from './login-throttle.js';
import { FormClient, PASSWORD, startTestServer, type TestServer } from './test-helpers.js';

describe('createLoginThrottle', () => {
  it('refuses a username once its attempts are spent, until a success clears them', async () => {
    const throttle = createLoginThrottle(2, 60);
    expect(await throttle.attempt('alice')).toBe(0);
    expect(await throttle.attempt('alice')).toBe(0);
    const wait = await throttle.attempt('alice');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await throttle.attempt('bob')).toBe(0);
    await throttle.succeeded('alice');
    expect(await throttle.attempt('alice')).toBe(0);
  });

  it('lets no more attempts through than the budget when they arrive at the same moment', async () => {
    const throttle = createLoginThrottle(10, 60);
    const waits = await Promise.all(Array.from({ length: 40 }, () => throttle.attempt('alice')));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(10);
  });
});

// each sign-in runs scrypt (about 0.3 s here): a few dozen of them need more than the default 5 s
describe('failed sign-ins per account', { timeout: 30_000 }, () => {
  let t: TestServer;
  let clientId: string;
  beforeAll(async () => {
    t = await startTestServer();
    clientId = await t.register();
  });
  afterAll(() => t.close());

  /** Fails `count` sign-ins for `username`, each from a new browser (as from another address). */
  async function fail(username: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const start = await begin(t, clientId, {}, new FormClient());
      const failed = await login(t, start, `wrong password ${i}`, username);
      expect(failed.response.status).toBe(401);
    }
  }

  async function attempt(username: string, password?: string): Promise<Flow> {
    return login(t, await begin(t, clientId, {}, new FormClient()), password, username);
  }

  it('refuses the account, even with its right password, once it failed too often', async () => {
    await fail('alice', LOGIN_FAILURES_PER_ACCOUNT);
    const refused = await attempt('alice');
    expect(refused.response.status).toBe(429);
    expect(Number(refused.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.html).toContain('ERR_AS_LOGIN_THROTTLED');
    expect(refused.html).not.toContain('name="password"');
    expect(await t.events()).toContain('login.failed');
  });

  it('refuses sign-ins sent at the same moment beyond the budget, before any password is checked', async () => {
    const starts = await Promise.all(
      Array.from({ length: LOGIN_FAILURES_PER_ACCOUNT + 5 }, () =>
        begin(t, clientId, {}, new FormClient()),
      ),
    );
    const attempts = await Promise.all(
      starts.map((start, i) => login(t, start, `burst ${i}`, 'burst-target')),
    );
    const statuses = attempts.map((attempt) => attempt.response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(LOGIN_FAILURES_PER_ACCOUNT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it('answers an unknown username exactly as a known one, so nobody learns which exist', async () => {
    await fail('nobody-by-this-name', LOGIN_FAILURES_PER_ACCOUNT);
    const refused = await attempt('nobody-by-this-name', 'any password');
    expect(refused.response.status).toBe(429);
    expect(refused.html).toContain('ERR_AS_LOGIN_THROTTLED');
  });

  /** Signed in: the consent page, not the sign-in form again. */
  function expectSignedIn(flow: Flow): void {
    expect(flow.response.status).toBe(200);
    expect(flow.html).not.toContain('name="password"');
  }

  it('lets one account be refused while another signs in, and a success clears the count', async () => {
    const other = await startTestServer();
    try {
      const otherClient = await other.register();
      const tryOther = async (password: string, username = 'alice') =>
        login(other, await begin(other, otherClient), password, username);
      for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT; i++) await tryOther(`wrong ${i}`, 'mallory');
      expect((await tryOther('any', 'mallory')).response.status).toBe(429);
      for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT - 1; i++) await tryOther(`wrong ${i}`);
      expectSignedIn(await tryOther(PASSWORD));
      for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT - 1; i++) {
        expect((await tryOther(`again ${i}`)).response.status).toBe(401);
      }
      expectSignedIn(await tryOther(PASSWORD));
    } finally {
      await other.close();
    }
  });
});
