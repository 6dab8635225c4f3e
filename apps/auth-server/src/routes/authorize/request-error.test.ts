import type { ClientMetadata } from '@gatehouse/registration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationParams,
  authorizeUrl,
  clientMetadata,
  FormClient,
  hidden,
  PASSWORD,
  pkce,
  returnLink,
  startTestServer,
  type TestServer,
} from './test-helpers.js';

const EVIL = 'https://evil.example/phish';
const DOCUMENT = 'https://tool.example/client.json';
let t: TestServer;
let challenge: string;

beforeAll(async () => {
  t = await startTestServer();
  challenge = (await pkce()).challenge;
  t.documents.set(DOCUMENT, {
    clientId: DOCUMENT,
    kind: 'metadata-document',
    metadata: clientMetadata({ redirect_uris: [EVIL], application_type: 'web' }),
  });
});
afterAll(() => t.close());

function registerWeb(metadata: Partial<ClientMetadata> = {}): Promise<string> {
  return t.register({ redirect_uris: [EVIL], application_type: 'web', ...metadata });
}

function request(
  clientId: string,
  overrides: Record<string, string | undefined> = {},
  redirectUri = EVIL,
): string {
  return authorizeUrl(
    t.url,
    authorizationParams(clientId, challenge, {
      redirect_uri: redirectUri,
      state: 'state-123',
      ...overrides,
    }),
  );
}

/** A page (never a redirect) with the page security headers; resolves to its HTML. */
async function expectErrorPage(response: Response): Promise<string> {
  expect(response.status).toBe(400);
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("form-action 'none'");
  expect(csp).toContain("default-src 'none'");
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  const html = await response.text();
  expect(html).not.toMatch(/http-equiv|<script|<form/i);
  return html;
}

describe('GET /authorize request errors of a DCR or CIMD client: a page with a link back, never an automatic redirect (RFC 9700 4.11.2)', () => {
  it('does not bounce the browser to a self-registered attacker redirect URI (the reported open redirect)', async () => {
    const attacker = await registerWeb();
    const html = await expectErrorPage(
      await new FormClient().get(request(attacker, { response_type: 'x' })),
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('<code>unsupported_response_type</code>');
    expect(html).toContain('Return to evil.example');
    const link = returnLink(html);
    expect(link.origin + link.pathname).toBe(EVIL);
    expect(link.searchParams.get('error')).toBe('unsupported_response_type');
    expect(link.searchParams.get('error_description')).toBeTruthy();
    expect(link.searchParams.get('state')).toBe('state-123');
    expect(link.searchParams.get('iss')).toBe(t.server.config.issuer);
    expect(link.searchParams.get('code')).toBeNull();
  });

  it('does not bounce the browser to a metadata document redirect URI either', async () => {
    const html = await expectErrorPage(
      await new FormClient().get(request(DOCUMENT, { code_challenge: undefined })),
    );
    const link = returnLink(html);
    expect(link.origin + link.pathname).toBe(EVIL);
    expect(link.searchParams.get('error')).toBe('invalid_request');
    expect(link.searchParams.get('iss')).toBe(t.server.config.issuer);
  });

  it('shows every kind of request error as a page', async () => {
    const clientId = await registerWeb();
    const machine = await registerWeb({
      grant_types: ['client_credentials'],
      response_types: [] as 'code'[],
    });
    const cases: [string, string][] = [
      [request(clientId, { code_challenge_method: 'plain' }), 'invalid_request'],
      [request(clientId, { response_type: undefined }), 'invalid_request'],
      [request(clientId, { resource: 'https://unknown.example/mcp' }), 'invalid_target'],
      [request(clientId, { scope: 'admin:all' }), 'invalid_scope'],
      [request(clientId, { state: 'x'.repeat(3000) }), 'invalid_request'],
      [request(machine), 'unauthorized_client'],
    ];
    for (const [url, error] of cases) {
      const html = await expectErrorPage(await new FormClient().get(url));
      expect(returnLink(html).searchParams.get('error'), url).toBe(error);
    }
  });

  it('does not redirect a signed-in user either: a session is no sign that the user sent this request', async () => {
    const clientId = await registerWeb();
    const browser = new FormClient();
    const login = await (await browser.get(request(clientId))).text();
    const consent = await browser.post(`${t.url}/authorize/login`, {
      csrf_token: hidden(login, 'csrf_token'),
      form_state: hidden(login, 'form_state'),
      decision: 'login',
      username: 'alice',
      password: PASSWORD,
    });
    expect(consent.status).toBe(200);
    await expectErrorPage(await browser.get(request(clientId, { response_type: 'token' })));
  });

  it('escapes the state in the link and keeps it exact', async () => {
    const clientId = await registerWeb();
    const state = `"><script>alert(1)</script>'&`;
    const html = await expectErrorPage(
      await new FormClient().get(request(clientId, { response_type: 'x', state })),
    );
    expect(returnLink(html).searchParams.get('state')).toBe(state);
  });

  it('links back to a private-use scheme and says where it goes', async () => {
    const native = await t.register({
      redirect_uris: ['com.example.app:/oauth'],
      application_type: 'native',
    });
    const html = await expectErrorPage(
      await new FormClient().get(request(native, { response_type: 'x' }, 'com.example.app:/oauth')),
    );
    expect(html).toContain(
      'Return to the app that handles “com.example.app:” links on this device',
    );
    expect(returnLink(html).href.startsWith('com.example.app:/oauth?error=')).toBe(true);
  });

  it('still records authorization.denied with the reason code', async () => {
    const clientId = await registerWeb();
    await new FormClient().get(request(clientId, { code_challenge_method: 'plain' }));
    await t.server.audit.flush();
    const denied = t.sink.records.filter((record) => record.type === 'authorization.denied');
    expect(denied.map((record) => record.reason)).toContain('ERR_PKCE_METHOD_UNSUPPORTED');
  });

  it('a valid request of the same client still gets the login page', async () => {
    const clientId = await registerWeb();
    const response = await new FormClient().get(request(clientId));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Sign in');
  });
});
