import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, postForm, RESOURCE, startTestServer } from '../../testing/test-server.js';
import { addUser } from '../../users/add-user.js';
import { authorizeUrl, FormClient, hidden, PASSWORD, pkce } from './test-helpers.js';

const REDIRECT = 'http://127.0.0.1:9999/callback';
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

describe('/authorize mounted in the real app (createApp)', () => {
  it('DCR client: login, consent, code, then the token endpoint accepts the code once', async () => {
    const registered = await fetch(`${server.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
        client_name: 'SDK client',
      }),
    });
    expect(registered.status).toBe(201);
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const { verifier, challenge } = await pkce();
    const browser = new FormClient();
    const loginPage = await browser.get(
      authorizeUrl(server.url, {
        client_id: clientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        scope: 'mcp:tools:weather',
        resource: RESOURCE,
        state: 'app-state',
      }),
      { origin: 'https://evil.example' },
    );
    expect(loginPage.status).toBe(200);
    expect(loginPage.headers.get('access-control-allow-origin')).toBeNull();
    expect(loginPage.headers.get('x-request-id')).toBeTruthy();
    let html = await loginPage.text();
    const consent = await browser.post(`${server.url}/authorize/login`, {
      csrf_token: hidden(html, 'csrf_token'),
      form_state: hidden(html, 'form_state'),
      decision: 'login',
      username: 'alice',
      password: PASSWORD,
    });
    expect(consent.status).toBe(200);
    html = await consent.text();
    const approved = await browser.post(`${server.url}/authorize`, {
      csrf_token: hidden(html, 'csrf_token'),
      form_state: hidden(html, 'form_state'),
      decision: 'approve',
    });
    expect(approved.status).toBe(303);
    const query = new URL(approved.headers.get('location') ?? '').searchParams;
    expect(query.get('iss')).toBe(server.context.config.issuer);
    expect(query.get('state')).toBe('app-state');
    const exchange = {
      grant_type: 'authorization_code',
      code: query.get('code') ?? '',
      redirect_uri: REDIRECT,
      client_id: clientId,
      code_verifier: verifier,
      resource: RESOURCE,
    };
    const token = await postForm(`${server.url}/token`, exchange);
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({
      token_type: expect.stringMatching(/^bearer$/i),
      scope: 'mcp:tools:weather',
    });
    const replay = await postForm(`${server.url}/token`, exchange);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });

    const events = await auditEvents(server);
    const types = events.map((event) => event.type);
    for (const type of ['login.succeeded', 'consent.given', 'authorization.granted'])
      expect(types).toContain(type);
    const granted = events.find((event) => event.type === 'authorization.granted');
    expect(granted?.actor).toMatchObject({ clientId });
  });

  it('a wrong code_verifier for an /authorize code is refused at the token endpoint', async () => {
    const registered = await fetch(`${server.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
    });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const { challenge } = await pkce();
    const browser = new FormClient();
    let html = await (
      await browser.get(
        authorizeUrl(server.url, {
          client_id: clientId,
          redirect_uri: REDIRECT,
          response_type: 'code',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      )
    ).text();
    html = await (
      await browser.post(`${server.url}/authorize/login`, {
        csrf_token: hidden(html, 'csrf_token'),
        form_state: hidden(html, 'form_state'),
        username: 'alice',
        password: PASSWORD,
      })
    ).text();
    const approved = await browser.post(`${server.url}/authorize`, {
      csrf_token: hidden(html, 'csrf_token'),
      form_state: hidden(html, 'form_state'),
      decision: 'approve',
    });
    const code = new URL(approved.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const wrong = await postForm(`${server.url}/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: clientId,
      code_verifier: (await pkce()).verifier,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
