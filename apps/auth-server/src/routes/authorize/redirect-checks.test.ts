import { GatehouseError } from '@gatehouse/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  FormClient,
  pkce,
  startTestServer,
  type TestServer,
} from './test-helpers.js';

let t: TestServer;
let webClient: string;
let nativeClient: string;
let challenge: string;

beforeAll(async () => {
  t = await startTestServer();
  webClient = await t.register({
    redirect_uris: ['https://app.example.com/callback'],
    application_type: 'web',
  });
  nativeClient = await t.register({
    redirect_uris: ['http://127.0.0.1:7777/callback', 'http://[::1]/cb'],
  });
  challenge = (await pkce()).challenge;
});
afterAll(() => t.close());

function request(clientId: string | undefined, redirectUri: string | undefined) {
  return new FormClient().get(
    authorizeUrl(t.url, {
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'xyz',
    }),
  );
}

/** An error page: HTML, the code shown, and no redirect anywhere. */
async function expectErrorPage(response: Response, code: string, status = 400): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('content-security-policy')).toContain("form-action 'none'");
  expect(response.headers.get('set-cookie')).toBeNull();
  expect(await response.text()).toContain(code);
}

describe('GET /authorize refuses unverified redirect URIs with a page, never a redirect (A5, A6)', () => {
  const attacks: [string, string][] = [
    ['trailing slash', 'https://app.example.com/callback/'],
    ['host case change', 'https://APP.example.com/callback'],
    ['path case change', 'https://app.example.com/Callback'],
    ['extra query', 'https://app.example.com/callback?next=https://evil.example'],
    ['userinfo', 'https://evil@app.example.com/callback'],
    ['userinfo host confusion', 'https://app.example.com@evil.example/callback'],
    ['other port on a non-loopback host', 'https://app.example.com:8443/callback'],
    ['explicit default port', 'https://app.example.com:443/callback'],
    ['scheme downgrade', 'http://app.example.com/callback'],
    ['fragment', 'https://app.example.com/callback#x'],
    ['suffix domain', 'https://app.example.com.evil.example/callback'],
    ['dot segments', 'https://app.example.com/x/../callback'],
    ['percent-encoded path', 'https://app.example.com/%63allback'],
    ['encoded slash', 'https://app.example.com/callback%2F'],
    ['another site', 'https://evil.example/callback'],
  ];
  it.each(attacks)('%s', async (_name, redirectUri) => {
    await expectErrorPage(
      await request(webClient, redirectUri),
      'ERR_AS_AUTHORIZE_REDIRECT_URI_MISMATCH',
    );
  });

  const loopbackAttacks: [string, string][] = [
    ['localhost instead of 127.0.0.1', 'http://localhost:7777/callback'],
    ['other loopback address', 'http://127.0.0.2:7777/callback'],
    ['trailing slash on loopback', 'http://127.0.0.1:7777/callback/'],
    ['https instead of http', 'https://127.0.0.1:7777/callback'],
    ['IPv6 loopback for an IPv4 registration', 'http://[::1]:7777/callback'],
    ['other path on loopback', 'http://127.0.0.1:7777/other'],
  ];
  it.each(loopbackAttacks)('%s', async (_name, redirectUri) => {
    await expectErrorPage(
      await request(nativeClient, redirectUri),
      'ERR_AS_AUTHORIZE_REDIRECT_URI_MISMATCH',
    );
  });

  it('allows any port on a loopback IP redirect (RFC 8252 7.3)', async () => {
    for (const uri of [
      'http://127.0.0.1:51234/callback',
      'http://[::1]:40000/cb',
      'http://[::1]/cb',
    ]) {
      const response = await request(nativeClient, uri);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Sign in');
    }
  });

  it('refuses a missing or repeated redirect_uri', async () => {
    await expectErrorPage(
      await request(webClient, undefined),
      'ERR_AS_AUTHORIZE_REDIRECT_URI_MISSING',
    );
    const twice = `${t.url}/authorize?client_id=${webClient}&redirect_uri=${encodeURIComponent('https://app.example.com/callback')}&redirect_uri=${encodeURIComponent('https://evil.example/')}&response_type=code`;
    await expectErrorPage(
      await new FormClient().get(twice),
      'ERR_AS_AUTHORIZE_REDIRECT_URI_REPEATED',
    );
  });

  it('refuses an unknown, missing or repeated client_id with a page', async () => {
    await expectErrorPage(
      await request('nobody', 'https://app.example.com/callback'),
      'ERR_AS_AUTHORIZE_CLIENT_UNKNOWN',
    );
    await expectErrorPage(
      await request(undefined, 'https://app.example.com/callback'),
      'ERR_AS_AUTHORIZE_CLIENT_ID_MISSING',
    );
    const twice = `${t.url}/authorize?client_id=${webClient}&client_id=${nativeClient}`;
    await expectErrorPage(await new FormClient().get(twice), 'ERR_AS_AUTHORIZE_CLIENT_ID_REPEATED');
  });

  it('refuses a client whose metadata document cannot be used, with the resolver code', async () => {
    const failing = await startTestServer();
    failing.server.clients = {
      resolve: async () => {
        throw new GatehouseError('ERR_CIMD_TOO_LARGE', 'document too large', {
          oauthError: 'invalid_client',
        });
      },
    };
    try {
      const response = await new FormClient().get(
        authorizeUrl(failing.url, {
          client_id: 'https://client.example/meta.json',
          redirect_uri: 'https://client.example/cb',
        }),
      );
      await expectErrorPage(response, 'ERR_CIMD_TOO_LARGE');
    } finally {
      await failing.close();
    }
  });

  it('does not redirect when a bad request also carries a bad redirect URI', async () => {
    const response = await new FormClient().get(
      authorizeUrl(t.url, {
        client_id: webClient,
        redirect_uri: 'https://evil.example/cb',
        response_type: 'token',
      }),
    );
    await expectErrorPage(response, 'ERR_AS_AUTHORIZE_REDIRECT_URI_MISMATCH');
  });
});
