import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addClient,
  auditEvents,
  issueTestCode,
  postForm,
  RESOURCE,
  startTestServer,
} from '../testing/test-server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('POST /revoke (RFC 7009) and POST /introspect (RFC 7662)', () => {
  let server: Server;
  let clientId: string;
  let rs: { clientId: string; secret: string };
  beforeAll(async () => {
    server = await startTestServer({ introspectionClients: ['rs-introspector'] });
    clientId = (await addClient(server, { token_endpoint_auth_method: 'none' })).clientId;
    rs = await addClient(
      server,
      {
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
      'rs-introspector',
    );
  });
  afterAll(() => server.close());

  async function tokens() {
    const { code, verifier, redirectUri, grantId } = await issueTestCode(server, { clientId });
    const body = await (
      await postForm(`${server.url}/token`, {
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
        client_id: clientId,
      })
    ).json();
    return { access: body.access_token as string, refresh: body.refresh_token as string, grantId };
  }

  const introspect = (token: string, extra: Record<string, string> = {}) =>
    postForm(
      `${server.url}/introspect`,
      { token, ...extra },
      { basic: [rs.clientId, rs.secret] },
    ).then(async (response) => ({ status: response.status, body: await response.json() }));
  const revoke = (token: string, client = clientId, extra: Record<string, string> = {}) =>
    postForm(`${server.url}/revoke`, { token, client_id: client, ...extra });

  it('introspection of a live access token is active with its claims', async () => {
    const { access } = await tokens();
    const { status, body } = await introspect(access);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      active: true,
      client_id: clientId,
      sub: 'user-1',
      aud: RESOURCE,
      scope: 'mcp:tools:weather',
      iss: server.url,
      token_type: 'Bearer',
    });
    // RFC 7662 members only: the signed grant id (gid) stays inside the token
    expect(Object.keys(body).sort()).toEqual([
      'active',
      'aud',
      'client_id',
      'exp',
      'iat',
      'iss',
      'jti',
      'scope',
      'sub',
      'token_type',
    ]);
    expect(body).not.toHaveProperty('gid');
  });

  it('introspection needs an authenticated client', async () => {
    const { access } = await tokens();
    const anonymous = await postForm(`${server.url}/introspect`, {
      token: access,
      client_id: clientId,
    });
    expect(anonymous.status).toBe(401);
    const unknown = await postForm(`${server.url}/introspect`, {
      token: access,
      client_id: 'no-such-client',
    });
    // a registered public client and an unknown id get the same answer
    expect(await anonymous.json()).toEqual(await unknown.json());
    const nobody = await postForm(`${server.url}/introspect`, { token: access });
    expect(nobody.status).toBe(401);
  });

  it('a DCR confidential client (not in introspectionClients) is refused before the token is read (A3)', async () => {
    const { access } = await tokens();
    const response = await fetch(`${server.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'anonymous registrant',
        redirect_uris: ['https://app.example/cb'],
        token_endpoint_auth_method: 'client_secret_basic',
      }),
    });
    expect(response.status).toBe(201);
    const dcr = (await response.json()) as { client_id: string; client_secret: string };
    expect(typeof dcr.client_secret).toBe('string');
    const refused = await postForm(
      `${server.url}/introspect`,
      { token: access },
      { basic: [dcr.client_id, dcr.client_secret] },
    );
    expect(refused.status).toBe(401);
    const body = await refused.json();
    expect(body).toMatchObject({ error: 'invalid_client' });
    expect(body).not.toHaveProperty('active');
    // the allowed resource server still gets the answer
    expect((await introspect(access)).body.active).toBe(true);
    const events = await auditEvents(server);
    expect(
      events.filter((e) => e.type === 'token.introspected' && e.actor?.clientId === dcr.client_id),
    ).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        reason: 'ERR_AS_INTROSPECTION_NOT_ALLOWED',
      }),
    ]);
  });

  it('unknown, garbage and expired tokens are inactive', async () => {
    for (const token of ['nope', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
      expect((await introspect(token)).body).toEqual({ active: false });
    }
  });

  it('revoking a refresh token revokes the grant: refresh fails, the access token goes inactive', async () => {
    const { access, refresh, grantId } = await tokens();
    const response = await revoke(refresh);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await introspect(access)).body).toEqual({ active: false });
    const refreshed = await postForm(`${server.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: refresh,
      client_id: clientId,
    });
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
    const events = await auditEvents(server);
    expect(events.some((e) => e.type === 'token.revoked' && e.target?.id === grantId)).toBe(true);
  });

  it('revoking an access token revokes its grant (found from the signed claim)', async () => {
    const { access, refresh } = await tokens();
    expect((await revoke(access, clientId, { token_type_hint: 'access_token' })).status).toBe(200);
    expect((await introspect(access)).body).toEqual({ active: false });
    expect((await introspect(refresh, { token_type_hint: 'refresh_token' })).body).toEqual({
      active: false,
    });
  });

  it('unknown tokens get 200; another client cannot revoke a token it does not hold', async () => {
    expect((await revoke('unknown-token')).status).toBe(200);
    const { access, refresh } = await tokens();
    const other = (await addClient(server, { token_endpoint_auth_method: 'none' })).clientId;
    expect((await revoke(refresh, other)).status).toBe(200);
    expect((await revoke(access, other)).status).toBe(200);
    expect((await introspect(access)).body.active).toBe(true);
  });

  it('revocation still authenticates the client', async () => {
    const response = await postForm(
      `${server.url}/revoke`,
      { token: 'x' },
      { basic: [rs.clientId, 'wrong'] },
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    const missing = await postForm(`${server.url}/revoke`, { client_id: clientId });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('a refresh token is introspectable only by the client it was issued to', async () => {
    const { refresh } = await tokens();
    expect((await introspect(refresh)).body).toEqual({ active: false });
  });
});
