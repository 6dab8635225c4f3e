import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../oauth/secret-hash.js';
import { begin, codeOf, login, REDIRECT, submit } from './flow-helpers.js';
import { clientMetadata, RESOURCE, startTestServer, type TestServer } from './test-helpers.js';

let t: TestServer;
let clientId: string;

beforeAll(async () => {
  t = await startTestServer();
  clientId = await t.register();
});
afterAll(() => t.close());

function expectPageHeaders(response: Response, formTarget?: string): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
  expect(csp).not.toContain('unsafe-inline');
  if (formTarget !== undefined) expect(csp).toContain(`form-action 'self' ${formTarget}`);
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('login, consent and code (A9, A10)', () => {
  it('runs login, then consent, then a 303 with code, state and iss; the code is stored hashed and bound', async () => {
    const start = await begin(t, clientId, { scope: 'mcp:tools:weather offline_access' });
    expect(start.response.status).toBe(200);
    expectPageHeaders(start.response, 'http://127.0.0.1:7777');
    const cookie = start.response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^gatehouse-session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const anonymous = start.browser.cookies.get('gatehouse-session');

    const consent = await login(t, start);
    expect(consent.response.status).toBe(200);
    expectPageHeaders(consent.response, 'http://127.0.0.1:7777');
    expect(consent.html).toContain('Use the tool “weather”');
    expect(consent.html).toContain('Signed in as <bdi>alice</bdi>');
    expect(start.browser.cookies.get('gatehouse-session')).not.toBe(anonymous);

    const now = t.server.now();
    const done = await submit(t, consent, '/authorize', { decision: 'approve' });
    const { code, query } = codeOf(done);
    expect(query.get('state')).toBe('st-1');
    expect(query.get('iss')).toBe(t.server.config.issuer);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect((await t.store.codes.redeem(code, now)).outcome).toBe('unknown');
    const redeemed = await t.store.codes.redeem(hashSecret(code), now);
    if (redeemed.outcome !== 'redeemed') throw new Error('code not stored under its hash');
    expect(redeemed.code).toMatchObject({
      clientId,
      userId: t.userId,
      redirectUri: REDIRECT,
      resource: RESOURCE,
      scopes: ['mcp:tools:weather', 'offline_access'],
      codeChallenge: start.challenge,
    });
    expect(redeemed.code.expiresAt - now).toBeGreaterThanOrEqual(59);
    expect(redeemed.code.expiresAt - now).toBeLessThanOrEqual(61);
    expect((await t.store.codes.redeem(hashSecret(code), now)).outcome).toBe('reused');
    const grant = await t.store.grants.get(redeemed.code.grantId);
    expect(grant).toMatchObject({
      clientId,
      userId: t.userId,
      resource: RESOURCE,
      scopes: ['mcp:tools:weather', 'offline_access'],
    });
    expect(await t.store.consents.get(t.userId, clientId, RESOURCE)).toMatchObject({
      scopes: expect.arrayContaining(['mcp:tools:weather', 'offline_access']),
    });
    const events = await t.events();
    for (const type of ['login.succeeded', 'consent.given', 'authorization.granted'])
      expect(events).toContain(type);
    expect(JSON.stringify(t.sink.records)).not.toContain(code);
  });

  it('remembers consent of a confidential client: the same scopes again get a code at once, in this session and after a new login', async () => {
    const client = await t.register({ token_endpoint_auth_method: 'client_secret_basic' });
    const first = await login(t, await begin(t, client));
    codeOf(await submit(t, first, '/authorize', { decision: 'approve' }));
    codeOf(await begin(t, client, {}, first.browser));
    const fresh = await login(t, await begin(t, client));
    expect(codeOf(fresh).query.get('state')).toBe('st-1');
  });

  it('a public client always sees the consent page, the remembered scopes marked (one click, A1)', async () => {
    const client = await t.register();
    const first = await login(t, await begin(t, client));
    codeOf(await submit(t, first, '/authorize', { decision: 'approve' }));
    const again = await begin(t, client, {}, first.browser);
    expect(again.response.status).toBe(200);
    expect(again.html).toMatch(/Use the tool “weather”<span class="tag">allowed before<\/span>/);
    codeOf(await submit(t, again, '/authorize', { decision: 'approve' }));
    const other = await begin(
      t,
      client,
      { redirect_uri: 'http://127.0.0.1:5555/callback' },
      first.browser,
    );
    expect(other.response.status).toBe(200);
    expect(other.response.headers.get('location')).toBeNull();
  });

  it('a public CIMD client skips a remembered consent only with remote https redirect URIs', async () => {
    const https = 'https://app.example/client.json';
    const loopback = 'https://local.example/client.json';
    t.documents.set(https, {
      clientId: https,
      kind: 'metadata-document',
      metadata: clientMetadata({
        application_type: 'web',
        redirect_uris: ['https://app.example/cb'],
      }),
    });
    t.documents.set(loopback, {
      clientId: loopback,
      kind: 'metadata-document',
      metadata: clientMetadata({ redirect_uris: [REDIRECT] }),
    });
    const remembered = { scopes: ['mcp:tools:weather'], updatedAt: t.server.now() };
    for (const clientId of [https, loopback]) {
      await t.store.consents.grant({
        userId: t.userId,
        clientId,
        resource: RESOURCE,
        ...remembered,
      });
    }
    const signedIn = await login(t, await begin(t, loopback));
    expect(signedIn.response.status).toBe(200);
    expect(signedIn.html).toContain('allowed before');
    const skipped = await begin(
      t,
      https,
      { redirect_uri: 'https://app.example/cb' },
      signedIn.browser,
    );
    expect(skipped.response.status).toBe(303);
    expect(skipped.response.headers.get('location')).toMatch(/^https:\/\/app\.example\/cb\?code=/);
  });

  it('a wildcard consent covers a narrower request', async () => {
    const client = await t.register({ token_endpoint_auth_method: 'client_secret_basic' });
    const first = await login(t, await begin(t, client, { scope: 'mcp:tools:*' }));
    codeOf(await submit(t, first, '/authorize', { decision: 'approve' }));
    codeOf(await begin(t, client, { scope: 'mcp:tools:weather' }, first.browser));
  });

  it('asks again for a new scope and keeps the earlier ones (incremental consent, step-up)', async () => {
    const client = await t.register();
    const first = await login(t, await begin(t, client, { scope: 'mcp:tools:weather' }));
    codeOf(await submit(t, first, '/authorize', { decision: 'approve' }));
    const step = await begin(t, client, { scope: 'mcp:prompts:summary' }, first.browser);
    expect(step.response.status).toBe(200);
    expect(step.html).toContain('Use the prompt “summary”');
    expect(step.html).toMatch(/Use the tool “weather”<span class="tag">allowed before<\/span>/);
    const { code } = codeOf(await submit(t, step, '/authorize', { decision: 'approve' }));
    const redeemed = await t.store.codes.redeem(hashSecret(code), t.server.now());
    if (redeemed.outcome !== 'redeemed') throw new Error('no code');
    expect(redeemed.code.scopes.sort()).toEqual(['mcp:prompts:summary', 'mcp:tools:weather']);
    expect((await t.store.consents.get(t.userId, client, RESOURCE))?.scopes.sort()).toEqual([
      'mcp:prompts:summary',
      'mcp:tools:weather',
    ]);
  });

  it('consent is per resource: another resource asks again', async () => {
    const client = await t.register();
    const first = await login(t, await begin(t, client));
    codeOf(await submit(t, first, '/authorize', { decision: 'approve' }));
    const other = await begin(t, client, { resource: 'https://other.example/mcp' }, first.browser);
    expect(other.response.status).toBe(200);
    expect(other.html).toContain('Allow access?');
  });

  it('deny answers access_denied with state and iss, issues no code and records it', async () => {
    const client = await t.register();
    const consent = await login(t, await begin(t, client));
    const denied = await submit(t, consent, '/authorize', { decision: 'deny' });
    expect(denied.response.status).toBe(303);
    const query = new URL(denied.response.headers.get('location') ?? '').searchParams;
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe('st-1');
    expect(query.get('iss')).toBe(t.server.config.issuer);
    expect(query.get('code')).toBeNull();
    expect(await t.store.consents.get(t.userId, client, RESOURCE)).toBeUndefined();
    expect(await t.events()).toEqual(
      expect.arrayContaining(['authorization.denied', 'consent.denied']),
    );
  });

  it('an unknown decision is refused with a page', async () => {
    const consent = await login(t, await begin(t, await t.register()));
    const odd = await submit(t, consent, '/authorize', { decision: 'maybe' });
    expect(odd.response.status).toBe(400);
    expect(odd.response.headers.get('location')).toBeNull();
    expect(odd.html).toContain('ERR_AS_AUTHORIZE_DECISION_INVALID');
  });

  it('uses codeTtlSeconds from the configuration', async () => {
    const short = await startTestServer({ config: { codeTtlSeconds: 30 } });
    try {
      const client = await short.register();
      const consent = await login(short, await begin(short, client));
      const now = short.server.now();
      const { code } = codeOf(await submit(short, consent, '/authorize', { decision: 'approve' }));
      const redeemed = await short.store.codes.redeem(hashSecret(code), now);
      if (redeemed.outcome !== 'redeemed') throw new Error('no code');
      expect(redeemed.code.expiresAt - now).toBeLessThanOrEqual(31);
      expect(redeemed.code.expiresAt - now).toBeGreaterThanOrEqual(29);
    } finally {
      await short.close();
    }
  });
});
