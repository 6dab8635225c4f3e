import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE, startTestServer } from '../../testing/test-server.js';
import { addUser } from '../../users/add-user.js';
import { authorizeUrl, FormClient, hidden, PASSWORD, pkce } from './test-helpers.js';

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
  await addUser(server.context.store.users, {
    username: 'alice',
    password: PASSWORD,
    now: server.context.now(),
    cost: { N: 1024, r: 8, p: 1 },
  });
});
afterAll(() => server.close());

const METADATA = {
  redirect_uris: ['http://127.0.0.1:9999/callback'],
  token_endpoint_auth_method: 'none',
  client_name: 'Local MCP client',
};

async function register(): Promise<string> {
  const response = await fetch(`${server.url}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(METADATA),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

async function authorize(browser: FormClient, clientId: string, redirectUri: string) {
  const { challenge } = await pkce();
  return browser.get(
    authorizeUrl(server.url, {
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope: 'mcp:tools:weather',
      resource: RESOURCE,
      state: 's',
    }),
  );
}

describe('no silent sign-in through a de-duplicated public registration (A1, RFC 8252 8.6)', () => {
  it('a second local app registering the same metadata gets the consent page at its own port, not a code', async () => {
    const browser = new FormClient();
    const first = await register();
    let html = await (await authorize(browser, first, 'http://127.0.0.1:9999/callback')).text();
    html = await (
      await browser.post(`${server.url}/authorize/login`, {
        csrf_token: hidden(html, 'csrf_token'),
        form_state: hidden(html, 'form_state'),
        decision: 'login',
        username: 'alice',
        password: PASSWORD,
      })
    ).text();
    const approved = await browser.post(`${server.url}/authorize`, {
      csrf_token: hidden(html, 'csrf_token'),
      form_state: hidden(html, 'form_state'),
      decision: 'approve',
    });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:9999\/callback\?code=/,
    );

    // The attacker's local app: same metadata, so the same client id; its own loopback port.
    const second = await register();
    expect(second).toBe(first);
    const attack = await authorize(browser, second, 'http://127.0.0.1:5555/callback');
    expect(attack.status).toBe(200);
    expect(attack.headers.get('location')).toBeNull();
    const page = await attack.text();
    expect(page).toContain('name="decision" value="approve"');
    expect(page).toMatch(/allowed before/);
  });
});
