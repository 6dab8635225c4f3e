import type { ClientMetadata } from '@gatehouse/registration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  clientMetadata,
  FormClient,
  locationParams,
  OTHER_RESOURCE,
  pkce,
  RESOURCE,
  startTestServer,
  type TestServer,
} from './test-helpers.js';

const REDIRECT = 'http://127.0.0.1:7777/callback';
/** Clients the administrator configured: their errors go back as automatic redirects. */
const CONFIGURED: Record<string, Partial<ClientMetadata>> = {
  'configured-app': {},
  'configured-machine': { grant_types: ['client_credentials'], response_types: [] as 'code'[] },
  'configured-web': {
    redirect_uris: ['https://app.example.com/cb?tenant=7'],
    application_type: 'web',
  },
};
let t: TestServer;
let clientId: string;
let challenge: string;

beforeAll(async () => {
  t = await startTestServer({
    config: {
      clients: Object.entries(CONFIGURED).map(([id, metadata]) => ({
        clientId: id,
        metadata: clientMetadata(metadata),
      })),
    },
  });
  for (const [id, metadata] of Object.entries(CONFIGURED)) await t.register(metadata, id);
  clientId = 'configured-app';
  challenge = (await pkce()).challenge;
});
afterAll(() => t.close());

function base(
  overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: 'mcp:tools:weather',
    resource: RESOURCE,
    state: 'state-123',
    ...overrides,
  };
}

/** A 303 back to the verified redirect URI with the error, the state and `iss` (RFC 9207). */
async function expectErrorRedirect(
  params: Record<string, string | undefined>,
  error: string,
): Promise<URLSearchParams> {
  const response = await new FormClient().get(authorizeUrl(t.url, params));
  expect(response.status).toBe(303);
  expect(response.headers.get('location')?.startsWith(`${REDIRECT}?`)).toBe(true);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const query = locationParams(response);
  expect(query.get('error')).toBe(error);
  expect(query.get('error_description')).toBeTruthy();
  expect(query.get('iss')).toBe(t.server.config.issuer);
  expect(query.get('code')).toBeNull();
  return query;
}

describe('GET /authorize request errors of a configured client go back as 303 redirects with error, state and iss', () => {
  it('refuses a request without PKCE (A4, downgrade)', async () => {
    const query = await expectErrorRedirect(
      base({ code_challenge: undefined, code_challenge_method: undefined }),
      'invalid_request',
    );
    expect(query.get('state')).toBe('state-123');
  });

  it('refuses code_challenge_method=plain and a missing method (plain by default)', async () => {
    await expectErrorRedirect(base({ code_challenge_method: 'plain' }), 'invalid_request');
    await expectErrorRedirect(base({ code_challenge_method: undefined }), 'invalid_request');
  });

  it('refuses a malformed challenge', async () => {
    await expectErrorRedirect(base({ code_challenge: 'short' }), 'invalid_request');
    await expectErrorRedirect(
      base({ code_challenge: `${challenge.slice(0, 42)}=` }),
      'invalid_request',
    );
  });

  it('refuses response_type other than code, and a missing one', async () => {
    await expectErrorRedirect(base({ response_type: 'token' }), 'unsupported_response_type');
    await expectErrorRedirect(
      base({ response_type: 'code id_token' }),
      'unsupported_response_type',
    );
    await expectErrorRedirect(base({ response_type: undefined }), 'invalid_request');
  });

  it('refuses an unknown or malformed resource with invalid_target (RFC 8707)', async () => {
    await expectErrorRedirect(base({ resource: 'https://unknown.example/mcp' }), 'invalid_target');
    await expectErrorRedirect(base({ resource: 'not a uri' }), 'invalid_target');
    await expectErrorRedirect(base({ resource: `${RESOURCE}#frag` }), 'invalid_target');
    const twice = `${authorizeUrl(t.url, base())}&resource=${encodeURIComponent(OTHER_RESOURCE)}`;
    const response = await new FormClient().get(twice);
    expect(response.status).toBe(303);
    expect(locationParams(response).get('error')).toBe('invalid_target');
  });

  it('refuses a malformed scope and a scope the resource does not allow', async () => {
    await expectErrorRedirect(base({ scope: 'a  b' }), 'invalid_scope');
    await expectErrorRedirect(base({ scope: 'admin:all' }), 'invalid_scope');
    await expectErrorRedirect(
      base({ resource: OTHER_RESOURCE, scope: 'mcp:prompts:x' }),
      'invalid_scope',
    );
  });

  it('refuses a repeated parameter', async () => {
    const url = `${authorizeUrl(t.url, base())}&scope=mcp:tools:other`;
    const response = await new FormClient().get(url);
    expect(response.status).toBe(303);
    expect(locationParams(response).get('error')).toBe('invalid_request');
  });

  it('refuses a client not registered for the authorization_code grant', async () => {
    await expectErrorRedirect(base({ client_id: 'configured-machine' }), 'unauthorized_client');
  });

  it('refuses an over-long state without echoing it', async () => {
    const query = await expectErrorRedirect(base({ state: 'x'.repeat(3000) }), 'invalid_request');
    expect(query.get('state')).toBeNull();
  });

  it('keeps the registered redirect URI query and appends the response', async () => {
    const response = await new FormClient().get(
      authorizeUrl(
        t.url,
        base({
          client_id: 'configured-web',
          redirect_uri: 'https://app.example.com/cb?tenant=7',
          response_type: 'token',
        }),
      ),
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://app.example.com/cb');
    expect(location.searchParams.get('tenant')).toBe('7');
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('records authorization.denied with the reason code', async () => {
    await expectErrorRedirect(base({ code_challenge_method: 'plain' }), 'invalid_request');
    await t.server.audit.flush();
    const denied = t.sink.records.filter((record) => record.type === 'authorization.denied');
    expect(denied.map((record) => record.reason)).toContain('ERR_PKCE_METHOD_UNSUPPORTED');
  });

  it('shows the login page for a valid request, with no CORS headers', async () => {
    const response = await new FormClient().get(authorizeUrl(t.url, base()), {
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('takes the default resource when none is named', async () => {
    const response = await new FormClient().get(authorizeUrl(t.url, base({ resource: undefined })));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Demo MCP server');
  });
});
