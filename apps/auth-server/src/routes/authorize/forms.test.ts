import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, codeOf, login, submit } from './flow-helpers.js';
import { FormClient, hidden, startTestServer, type TestServer } from './test-helpers.js';

let t: TestServer;
let clientId: string;

beforeAll(async () => {
  t = await startTestServer();
  clientId = await t.register();
});
afterAll(() => t.close());

/** Refused with a page: the code shown, no redirect, no code issued. */
function expectRefused(
  flow: { response: Response; html: string },
  code: string,
  status: number,
): void {
  expect(flow.response.status).toBe(status);
  expect(flow.response.headers.get('location')).toBeNull();
  expect(flow.response.headers.get('x-frame-options')).toBe('DENY');
  expect(flow.html).toContain(code);
}

describe('CSRF on the login and consent forms', () => {
  it('refuses a consent POST without the CSRF token', async () => {
    const consent = await login(t, await begin(t, clientId));
    const response = await consent.browser.post(`${t.url}/authorize`, {
      form_state: hidden(consent.html, 'form_state'),
      decision: 'approve',
    });
    expectRefused({ response, html: await response.text() }, 'ERR_AS_AUTHORIZE_CSRF_INVALID', 403);
  });

  it('refuses a wrong token, and the token of another session', async () => {
    const consent = await login(t, await begin(t, clientId));
    const wrong = await submit(t, consent, '/authorize', {
      decision: 'approve',
      csrf_token: 'A'.repeat(43),
    });
    expectRefused(wrong, 'ERR_AS_AUTHORIZE_CSRF_INVALID', 403);
    const attacker = await login(t, await begin(t, clientId));
    const crossed = await submit(t, consent, '/authorize', {
      decision: 'approve',
      csrf_token: hidden(attacker.html, 'csrf_token'),
    });
    expectRefused(crossed, 'ERR_AS_AUTHORIZE_CSRF_INVALID', 403);
  });

  it('refuses a cross-site POST that carries no session cookie (SameSite=Lax keeps it home)', async () => {
    const consent = await login(t, await begin(t, clientId));
    const response = await new FormClient().post(`${t.url}/authorize`, {
      csrf_token: hidden(consent.html, 'csrf_token'),
      form_state: hidden(consent.html, 'form_state'),
      decision: 'approve',
    });
    expectRefused(
      { response, html: await response.text() },
      'ERR_AS_AUTHORIZE_SESSION_MISSING',
      403,
    );
  });

  it('refuses a login POST without the CSRF token (login CSRF)', async () => {
    const start = await begin(t, clientId);
    const response = await start.browser.post(`${t.url}/authorize/login`, {
      form_state: hidden(start.html, 'form_state'),
      decision: 'login',
      username: 'alice',
      password: 'x',
    });
    expectRefused({ response, html: await response.text() }, 'ERR_AS_AUTHORIZE_CSRF_INVALID', 403);
  });

  it('refuses a tampered session cookie', async () => {
    const consent = await login(t, await begin(t, clientId));
    const value = consent.browser.cookies.get('gatehouse-session') ?? '';
    consent.browser.cookies.set(
      'gatehouse-session',
      `${value.slice(0, 10)}${value[10] === 'A' ? 'B' : 'A'}${value.slice(11)}`,
    );
    const response = await submit(t, consent, '/authorize', { decision: 'approve' });
    expectRefused(response, 'ERR_AS_AUTHORIZE_SESSION_MISSING', 403);
  });
});

describe('the signed form state', () => {
  it('refuses a form state whose request was changed (redirect URI swapped, signature kept)', async () => {
    const consent = await login(t, await begin(t, clientId));
    const sealed = hidden(consent.html, 'form_state');
    const dot = sealed.lastIndexOf('.');
    const payload = JSON.parse(Buffer.from(sealed.slice(0, dot), 'base64url').toString('utf8'));
    payload.req.redirectUri = 'https://evil.example/steal';
    payload.req.scopes = ['mcp:tools:*'];
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}${sealed.slice(dot)}`;
    const response = await submit(t, consent, '/authorize', {
      decision: 'approve',
      form_state: forged,
    });
    expectRefused(response, 'ERR_AS_AUTHORIZE_FORM_STATE_INVALID', 400);
  });

  it('accepts a consent form once: the same csrf_token and form_state posted again get no new code (A4)', async () => {
    const clientId = await t.register();
    const consent = await login(t, await begin(t, clientId));
    codeOf(await submit(t, consent, '/authorize', { decision: 'approve' }));
    await t.events();
    const codes = t.sink.records.filter((r) => r.type === 'authorization.granted').length;
    for (const decision of ['approve', 'deny']) {
      const replay = await submit(t, consent, '/authorize', { decision });
      expectRefused(replay, 'ERR_AS_AUTHORIZE_FORM_REUSED', 400);
    }
    await t.events();
    expect(t.sink.records.filter((r) => r.type === 'authorization.granted')).toHaveLength(codes);
    // a fresh page of the same session still works
    const again = await begin(t, clientId, {}, consent.browser);
    codeOf(await submit(t, again, '/authorize', { decision: 'approve' }));
  });

  it('ignores unsigned hidden fields: an added redirect_uri changes nothing', async () => {
    const clientId = await t.register();
    const consent = await login(t, await begin(t, clientId));
    const done = await submit(t, consent, '/authorize', {
      decision: 'approve',
      redirect_uri: 'https://evil.example/steal',
      scope: 'mcp:tools:*',
    });
    expect(codeOf(done).query.get('state')).toBe('st-1');
  });

  it('refuses a form state from another session, and a login state on the consent form', async () => {
    const clientId = await t.register();
    const victim = await login(t, await begin(t, clientId));
    const other = await login(t, await begin(t, clientId));
    const swapped = await submit(t, victim, '/authorize', {
      decision: 'approve',
      form_state: hidden(other.html, 'form_state'),
    });
    expectRefused(swapped, 'ERR_AS_AUTHORIZE_FORM_STATE_INVALID', 400);

    const start = await begin(t, clientId);
    const signedIn = await login(t, start);
    const loginState = await submit(t, signedIn, '/authorize', {
      decision: 'approve',
      form_state: hidden(start.html, 'form_state'),
    });
    expectRefused(loginState, 'ERR_AS_AUTHORIZE_FORM_STATE_INVALID', 400);
  });

  it('refuses an expired form state', async () => {
    const clock = { now: 1_800_000_000 };
    const timed = await startTestServer({ clock });
    try {
      const client = await timed.register();
      const consent = await login(timed, await begin(timed, client));
      clock.now += 601;
      expectRefused(
        await submit(timed, consent, '/authorize', { decision: 'approve' }),
        'ERR_AS_AUTHORIZE_FORM_STATE_INVALID',
        400,
      );
      clock.now += 300;
      expectRefused(
        await submit(timed, consent, '/authorize', { decision: 'approve' }),
        'ERR_AS_AUTHORIZE_SESSION_MISSING',
        403,
      );
    } finally {
      await timed.close();
    }
  });

  it('refuses when the client was removed after the page was shown', async () => {
    const client = await t.register();
    const consent = await login(t, await begin(t, client));
    await t.store.clients.delete(client);
    expectRefused(
      await submit(t, consent, '/authorize', { decision: 'approve' }),
      'ERR_AS_AUTHORIZE_CLIENT_CHANGED',
      400,
    );
  });

  it('refuses a body that is not a form', async () => {
    const start = await begin(t, clientId);
    const response = await start.browser.post(
      `${t.url}/authorize/login`,
      {},
      { 'content-type': 'application/json' },
    );
    expectRefused({ response, html: await response.text() }, 'ERR_AS_REQUEST_CONTENT_TYPE', 400);
  });
});

describe('login', () => {
  it('shows the same generic error for a wrong password and an unknown user, and records login.failed', async () => {
    const clientId = await t.register();
    const wrong = await login(t, await begin(t, clientId), 'not the password');
    const unknown = await login(t, await begin(t, clientId), 'not the password', 'mallory');
    for (const flow of [wrong, unknown]) {
      expect(flow.response.status).toBe(401);
      expect(flow.html).toContain('The username or password is not right.');
      expect(flow.html).toContain('name="password"');
    }
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(wrong.html)).toBe(strip(unknown.html).replace('mallory', 'alice'));
    expect(
      (await t.events()).filter((type) => type === 'login.failed').length,
    ).toBeGreaterThanOrEqual(2);
    const again = await login(t, wrong);
    expect(again.response.status).toBe(200);
    expect(again.html).toContain('Allow access?');
  });

  it('cancel at login answers access_denied', async () => {
    const start = await begin(t, clientId);
    const cancelled = await submit(t, start, '/authorize/login', { decision: 'cancel' });
    expect(cancelled.response.status).toBe(303);
    const query = new URL(cancelled.response.headers.get('location') ?? '').searchParams;
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('iss')).toBe(t.server.config.issuer);
  });

  it('is rate limited per address, with a page and Retry-After', async () => {
    const limited = await startTestServer({
      config: {
        rateLimits: {
          ...t.server.config.rateLimits,
          authorize: { points: 2, durationSeconds: 60 },
        },
      },
    });
    try {
      const client = await limited.register();
      const start = await begin(limited, client);
      await login(limited, start, 'wrong password 1');
      await login(limited, start, 'wrong password 2');
      const third = await login(limited, start);
      expect(third.response.status).toBe(429);
      expect(third.response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(third.html).toContain('ERR_AS_RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  it('marks the session cookie Secure with the __Host- prefix when the issuer is https', async () => {
    const secure = await startTestServer({ config: { issuer: 'https://auth.example' } });
    try {
      const start = await begin(secure, await secure.register());
      const cookie = start.response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^__Host-gatehouse-session=/);
      expect(cookie).toContain('Secure');
      expect(cookie).toContain('HttpOnly');
    } finally {
      await secure.close();
    }
  });
});
