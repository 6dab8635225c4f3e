import { createAccessTokenVerifier } from '@gatehouse/tokens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addClient,
  auditEvents,
  endpointTestStores,
  issueTestCode,
  OTHER_RESOURCE,
  postForm,
  RESOURCE,
  startTestServer,
} from '../testing/test-server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;

function redeem(server: Server, params: Record<string, string>) {
  return postForm(`${server.url}/token`, { grant_type: 'authorization_code', ...params });
}

async function lastRejection(server: Server) {
  const events = await auditEvents(server);
  return events.filter((event) => event.type === 'token.rejected').at(-1)?.reason;
}

// every test here runs on in-memory SQLite and on PostgreSQL: redemption and rotation are
// single conditional updates in the database, so both dialects must hold them
const stores = endpointTestStores();
afterAll(() => Promise.all(stores.map((store) => store.cleanup())));

describe.each(stores)('POST /token, grant_type=authorization_code ($name)', (store) => {
  let server: Server;
  let publicClient: string;
  let otherClient: string;
  beforeAll(async () => {
    server = await startTestServer(
      { introspectionClients: ['rs-introspector'] },
      await store.options(),
    );
    publicClient = (await addClient(server, { token_endpoint_auth_method: 'none' })).clientId;
    otherClient = (await addClient(server, { token_endpoint_auth_method: 'none' })).clientId;
  });
  afterAll(() => server.close());

  /** A fresh code of the public client, and the form that redeems it. */
  async function redeemableCode() {
    const { code, verifier, redirectUri, grantId } = await issueTestCode(server, {
      clientId: publicClient,
    });
    const params = {
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: publicClient,
    };
    return { params, grantId };
  }

  /** The replay was refused as reuse, and the code's grant is revoked. */
  async function expectReuseRevoked(replay: Response, grantId: string) {
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await lastRejection(server)).toBe('ERR_AS_CODE_REUSED');
    expect((await server.context.store.grants.get(grantId))?.revokedAt).toBeTypeOf('number');
  }

  it('exchanges a code for an RFC 9068 token for the resource, and a refresh token', async () => {
    const { code, verifier, redirectUri } = await issueTestCode(server, { clientId: publicClient });
    const response = await redeem(server, {
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: publicClient,
      resource: RESOURCE,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      scope: 'mcp:tools:weather',
      expires_in: 300,
    });
    expect(typeof body.refresh_token).toBe('string');
    const verified = await createAccessTokenVerifier({
      issuer: server.url,
      audience: RESOURCE,
      algorithms: ['ES256'],
      jwks: server.context.keys.current(),
    }).verify(body.access_token);
    expect(verified).toMatchObject({
      subject: 'user-1',
      clientId: publicClient,
      scopes: ['mcp:tools:weather'],
    });
    const issued = (await auditEvents(server)).filter((event) => event.type === 'token.issued');
    expect(issued.at(-1)?.actor).toEqual({ sub: 'user-1', clientId: publicClient });
    expect(JSON.stringify(await auditEvents(server))).not.toContain(body.access_token);
  });

  it('refuses a code with the wrong verifier', async () => {
    const { code, redirectUri } = await issueTestCode(server, { clientId: publicClient });
    const response = await redeem(server, {
      code,
      code_verifier: 'a'.repeat(43),
      redirect_uri: redirectUri,
      client_id: publicClient,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await lastRejection(server)).toBe('ERR_PKCE_VERIFIER_MISMATCH');
  });

  it('refuses a code without a verifier', async () => {
    const { code, redirectUri } = await issueTestCode(server, { clientId: publicClient });
    const response = await redeem(server, {
      code,
      redirect_uri: redirectUri,
      client_id: publicClient,
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/invalid_(grant|request)/);
  });

  it('refuses a code from client A redeemed by client B', async () => {
    const { code, verifier, redirectUri } = await issueTestCode(server, { clientId: publicClient });
    const response = await redeem(server, {
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: otherClient,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await lastRejection(server)).toBe('ERR_AS_CODE_CLIENT');
  });

  it('refuses a code issued without a challenge (PKCE downgrade)', async () => {
    const { code, verifier, redirectUri } = await issueTestCode(server, {
      clientId: publicClient,
      codeChallenge: '',
    });
    const response = await redeem(server, {
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: publicClient,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await lastRejection(server)).toBe('ERR_PKCE_CHALLENGE_MISSING');
  });

  it('refuses another redirect_uri, even a near one', async () => {
    for (const redirect of ['http://127.0.0.1:9999/callback/', 'http://127.0.0.1:9999/Callback']) {
      const { code, verifier } = await issueTestCode(server, { clientId: publicClient });
      const response = await redeem(server, {
        code,
        code_verifier: verifier,
        redirect_uri: redirect,
        client_id: publicClient,
      });
      expect(response.status).toBe(400);
      expect(await lastRejection(server)).toBe('ERR_AS_CODE_REDIRECT_URI');
    }
  });

  it('refuses a resource other than the authorized one (invalid_target)', async () => {
    const { code, verifier, redirectUri } = await issueTestCode(server, { clientId: publicClient });
    const response = await redeem(server, {
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: publicClient,
      resource: OTHER_RESOURCE,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_target' });
  });

  it('refuses an unknown resource (invalid_target)', async () => {
    const { code, verifier, redirectUri } = await issueTestCode(server, { clientId: publicClient });
    const response = await redeem(server, {
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: publicClient,
      resource: 'https://unknown.example/mcp',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_target' });
    expect(await lastRejection(server)).toBe('ERR_AS_RESOURCE_UNKNOWN');
  });

  it('a replayed code fails and revokes every token issued from it (A10)', async () => {
    const { params, grantId } = await redeemableCode();
    const first = await (await redeem(server, params)).json();
    expect(first.access_token).toBeTypeOf('string');
    await expectReuseRevoked(await redeem(server, params), grantId);
    const refresh = await postForm(`${server.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: publicClient,
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    const events = await auditEvents(server);
    expect(events.some((event) => event.type === 'code.reuse_detected')).toBe(true);
    const rs = await addClient(
      server,
      {
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
      'rs-introspector',
    );
    const introspected = await postForm(
      `${server.url}/introspect`,
      { token: first.access_token },
      { basic: [rs.clientId, rs.secret] },
    );
    expect(await introspected.json()).toEqual({ active: false });
  });

  it('a code replayed after it expired and the cleanup ran is still reuse and revokes its grant', async () => {
    const { params, grantId } = await redeemableCode();
    const first = await (await redeem(server, params)).json();
    expect(first.refresh_token).toBeTypeOf('string');
    server.advance(3600);
    try {
      await server.context.store.deleteExpired(server.context.now());
      await expectReuseRevoked(await redeem(server, params), grantId);
      const refresh = await postForm(`${server.url}/token`, {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        client_id: publicClient,
      });
      expect(refresh.status).toBe(400);
    } finally {
      server.advance(-3600);
    }
  });

  it('of 20 concurrent redemptions of one code at most one succeeds, and the replays revoke its grant', async () => {
    const { params, grantId } = await redeemableCode();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => redeem(server, params).then((response) => response.status)),
    );
    // the store lets exactly one redemption win; a replay that lands before the winner has issued
    // revokes the grant first, so the winner may be refused too: never two sets of tokens
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((status) => status === 400).length).toBeGreaterThanOrEqual(19);
    expect((await server.context.store.grants.get(grantId))?.revokedAt).toBeTypeOf('number');
  });

  it('refuses an unknown code', async () => {
    const response = await redeem(server, {
      code: 'nope',
      code_verifier: 'a'.repeat(43),
      redirect_uri: 'http://127.0.0.1:9999/callback',
      client_id: publicClient,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an expired code', async () => {
    const { code, verifier, redirectUri } = await issueTestCode(server, { clientId: publicClient });
    server.advance(61);
    try {
      const response = await redeem(server, {
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
        client_id: publicClient,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      server.advance(-61);
    }
  });
});
