import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from './oauth/secret-hash.js';
import {
  authorizeUrl,
  PASSWORD,
  pkce,
  RESOURCE,
  startTestServer,
  type TestServer,
} from './routes/authorize/test-helpers.js';

/**
 * The login and consent pages in a real browser (Debian chromium driven by playwright-core, no
 * browser download): login, consent, deny, CSRF failures, a framing attempt from another loopback
 * origin. Screenshots go to `docs/screenshots/` and are linked from `README-pages.md`.
 */
const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let t: TestServer;
let callback: { url: string; hits: URLSearchParams[]; server: Server };
let attacker: { url: string; server: Server; html: string };

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestServer({
    config: { scopeDescriptions: { 'mcp:tools:weather': 'Look up the weather forecast' } },
  });
  const hits: URLSearchParams[] = [];
  const callbackServer = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (target.pathname === '/callback') hits.push(target.searchParams);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Callback</title><h1>Back at the app</h1>');
  });
  callback = {
    url: `http://127.0.0.1:${await listen(callbackServer, '127.0.0.1')}/callback`,
    hits,
    server: callbackServer,
  };
  attacker = { url: '', server: createServer(), html: '' };
  attacker.server.on('request', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(attacker.html);
  });
  attacker.url = `http://[::1]:${await listen(attacker.server, '::1')}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  callback?.server.close();
  attacker?.server.close();
});

async function clientAndUrl(
  name: string,
  scope = 'mcp:tools:weather mcp:resources:customer-data:read offline_access',
) {
  const clientId = await t.register({
    client_name: name,
    redirect_uris: ['http://127.0.0.1/callback'],
  });
  const { challenge } = await pkce();
  const url = authorizeUrl(t.url, {
    client_id: clientId,
    redirect_uri: callback.url,
    response_type: 'code',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope,
    resource: RESOURCE,
    state: `state-${name.length}`,
  });
  return { clientId, url, challenge };
}

async function withPage<T>(
  run: (page: Page, context: BrowserContext) => Promise<T>,
  dark = false,
): Promise<T> {
  const context = await browser.newContext({
    viewport: { width: 720, height: 900 },
    colorScheme: dark ? 'dark' : 'light',
  });
  try {
    return await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

async function signIn(page: Page, password = PASSWORD): Promise<void> {
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

describe('pages in a real browser', { timeout: 120_000 }, () => {
  it('login, consent, allow: the browser lands on the redirect URI with code, state and iss', async () => {
    const { url, clientId, challenge } = await clientAndUrl('Weather Assistant');
    await withPage(async (page) => {
      await page.goto(url);
      await expect.poll(() => page.title()).toContain('Sign in');
      await page.screenshot({ path: `${SHOTS}login.png`, fullPage: true });
      await signIn(page);
      await expect.poll(() => page.title()).toContain('Allow access');
      expect(await page.getByText('Look up the weather forecast').count()).toBe(1);
      await page.screenshot({ path: `${SHOTS}consent.png`, fullPage: true });
      const before = callback.hits.length;
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL(/\/callback\?/);
      const query = new URL(page.url()).searchParams;
      expect(callback.hits.length).toBe(before + 1);
      expect(query.get('state')).toBe('state-17');
      expect(query.get('iss')).toBe(t.server.config.issuer);
      const redeemed = await t.store.codes.redeem(
        hashSecret(query.get('code') ?? ''),
        t.server.now(),
      );
      expect(redeemed.outcome).toBe('redeemed');
      if (redeemed.outcome === 'redeemed')
        expect(redeemed.code).toMatchObject({ clientId, codeChallenge: challenge });
    });
  });

  it('an IPv6 loopback redirect URI (form-action falls back to the http: scheme) also lands', async () => {
    const clientId = await t.register({
      client_name: 'IPv6 App',
      redirect_uris: ['http://[::1]/callback'],
    });
    const target = attacker.url.replace(/\/$/, '/callback');
    const url = authorizeUrl(t.url, {
      client_id: clientId,
      redirect_uri: target,
      response_type: 'code',
      code_challenge: (await pkce()).challenge,
      code_challenge_method: 'S256',
      scope: 'mcp:tools:weather',
    });
    attacker.html = '<!doctype html><title>IPv6 callback</title>';
    await withPage(async (page) => {
      await page.goto(url);
      await signIn(page);
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((current) => current.href.startsWith(`${target}?`));
      expect(new URL(page.url()).searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });
  });

  it('deny: the browser lands on the redirect URI with access_denied', async () => {
    const { url } = await clientAndUrl('Notes Sync');
    await withPage(async (page) => {
      await page.goto(url);
      await signIn(page);
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.waitForURL(/\/callback\?/);
      const query = new URL(page.url()).searchParams;
      expect(query.get('error')).toBe('access_denied');
      expect(query.get('code')).toBeNull();
    });
  });

  it('a wrong password shows the generic error; Enter signs in; the consent page in dark mode', async () => {
    const { url } = await clientAndUrl('Calendar Helper', 'mcp:tools:* mcp:exec:workflows:deploy');
    await withPage(async (page) => {
      await page.goto(url);
      await signIn(page, 'wrong password');
      expect(await page.getByRole('alert').textContent()).toContain(
        'The username or password is not right',
      );
      await page.screenshot({ path: `${SHOTS}login-failed.png`, fullPage: true });
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByLabel('Password').press('Enter');
      await page.waitForLoadState('load');
      await expect.poll(() => page.title()).toContain('Allow access');
      await page.screenshot({ path: `${SHOTS}consent-dark.png`, fullPage: true });
    }, true);
  });

  it('CSRF: a changed token is refused, and a cross-site form gets no session', async () => {
    const { url } = await clientAndUrl('Report Builder');
    await withPage(async (page) => {
      await page.goto(url);
      await signIn(page);
      const formState = await page.locator('input[name="form_state"]').getAttribute('value');
      await page.locator('input[name="csrf_token"]').evaluate((input) => {
        (input as HTMLInputElement).value = 'forged-token';
      });
      const before = callback.hits.length;
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForLoadState('load');
      expect(await page.content()).toContain('ERR_AS_AUTHORIZE_CSRF_INVALID');
      await page.screenshot({ path: `${SHOTS}csrf-refused.png`, fullPage: true });

      attacker.html = `<!doctype html><form id="f" method="post" action="${t.url}/authorize">
<input name="form_state" value="${formState}"><input name="csrf_token" value="guess">
<input name="decision" value="approve"></form><script>document.getElementById('f').submit()</script>`;
      await page.goto(attacker.url);
      await page.waitForURL(`${t.url}/authorize`);
      await page.waitForLoadState('load');
      // SameSite=Lax: the cross-site POST carries no session cookie at all.
      expect(await page.content()).toContain('ERR_AS_AUTHORIZE_SESSION_MISSING');
      expect(callback.hits.length).toBe(before);
    });
  });

  it('framing: another loopback origin cannot show /authorize in a frame', async () => {
    const { url } = await clientAndUrl('Framed App');
    const control = callback.url.replace('/callback', '/control');
    attacker.html = `<!doctype html><title>Attacker</title><h1>Win a prize</h1>
<iframe name="victim" src="${url}" width="340" height="500"></iframe>
<iframe name="control" src="${control}" width="340" height="500"></iframe>`;
    await withPage(async (page) => {
      const messages: string[] = [];
      page.on('console', (message) => messages.push(message.text()));
      await page.goto(attacker.url);
      // The control frame (a page without anti-framing headers) renders: framing itself works here.
      await expect
        .poll(() =>
          page
            .frame({ name: 'control' })
            ?.locator('h1')
            .textContent()
            .catch(() => null),
        )
        .toBe('Back at the app');
      // The browser refused to render /authorize in the frame, by the CSP frame-ancestors directive.
      await expect
        .poll(() => messages.some((text) => text.includes("frame-ancestors 'none'")))
        .toBe(true);
      const victim = page.frame({ name: 'victim' });
      expect(victim?.url().startsWith(t.url)).toBe(false);
      expect(await victim?.locator('form').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}framing-blocked.png` });
    });
  });

  it('a request error of a self-registered client is shown, and goes back only when the user clicks', async () => {
    const { clientId } = await clientAndUrl('Bad Request App');
    const url = authorizeUrl(t.url, {
      client_id: clientId,
      redirect_uri: callback.url,
      response_type: 'token',
      code_challenge: (await pkce()).challenge,
      code_challenge_method: 'S256',
      state: 'bad-request',
    });
    await withPage(async (page) => {
      const before = callback.hits.length;
      const response = await page.goto(url);
      expect(response?.status()).toBe(400);
      expect(page.url().startsWith(t.url)).toBe(true);
      expect(await page.locator('h1').textContent()).toContain('could not be processed');
      expect(callback.hits.length).toBe(before);
      await page.getByRole('link', { name: /^Return to 127\.0\.0\.1/ }).click();
      await page.waitForURL(/\/callback\?/);
      const query = new URL(page.url()).searchParams;
      expect(callback.hits.length).toBe(before + 1);
      expect(query.get('error')).toBe('unsupported_response_type');
      expect(query.get('state')).toBe('bad-request');
      expect(query.get('iss')).toBe(t.server.config.issuer);
    });
  });

  it('an unregistered redirect URI shows the error page and never leaves the server', async () => {
    const { clientId } = await clientAndUrl('Mismatch');
    const url = authorizeUrl(t.url, {
      client_id: clientId,
      redirect_uri: 'https://evil.example/callback',
      response_type: 'code',
      code_challenge: (await pkce()).challenge,
      code_challenge_method: 'S256',
    });
    await withPage(async (page) => {
      const response = await page.goto(url);
      expect(response?.status()).toBe(400);
      expect(page.url().startsWith(t.url)).toBe(true);
      expect(await page.getByRole('alert').textContent()).toContain('not one it registered');
      await page.screenshot({ path: `${SHOTS}error.png`, fullPage: true });
    });
  });
});
