import { decodeJwt } from 'jose';
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

// every test here runs on in-memory SQLite and on PostgreSQL: redemption and rotation are
// single conditional updates in the database, so both dialects must hold them
const stores = endpointTestStores();
afterAll(() => Promise.all(stores.map((store) => store.cleanup())));

describe.each(stores)('POST /token, grant_type=refresh_token ($name)', (store) => {
  let server: Server;
  let clientId: string;
  beforeAll(async () => {
    server = await startTestServer({}, await store.options());
    clientId = (await addClient(server, { token_endpoint_auth_method: 'none' })).clientId;
  });
  afterAll(() => server.close());

  async function tokens(scopes = ['mcp:tools:weather', 'mcp:prompts:*']) {
    const { code, verifier, redirectUri, grantId } = await issueTestCode(server, {
      clientId,
      scopes,
    });
    const response = await postForm(`${server.url}/token`, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: clientId,
    });
    const body = await response.json();
    return { refreshToken: body.refresh_token as string, grantId };
  }

  function refresh(refreshToken: string, extra: Record<string, string> = {}) {
    return postForm(`${server.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
      ...extra,
    });
  }

  it('rotates: a new refresh token each time, the resource inherited when omitted', async () => {
    const { refreshToken } = await tokens();
    const response = await refresh(refreshToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body.refresh_token).not.toBe(refreshToken);
    expect(decodeJwt(body.access_token).aud).toBe(RESOURCE);
    expect(body.scope).toBe('mcp:tools:weather mcp:prompts:*');
    const again = await refresh(body.refresh_token, { resource: RESOURCE });
    expect(again.status).toBe(200);
  });

  it('reuse of a rotated refresh token revokes the whole family (A13)', async () => {
    const { refreshToken, grantId } = await tokens();
    const next = (await (await refresh(refreshToken)).json()).refresh_token;
    const reuse = await refresh(refreshToken);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await server.context.store.grants.get(grantId))?.revokedAt).toBeTypeOf('number');
    const successor = await refresh(next);
    expect(successor.status).toBe(400);
    const events = await auditEvents(server);
    expect(
      events.some((e) => e.type === 'refresh.reuse_detected' && e.target?.id === grantId),
    ).toBe(true);
  });

  it('may only narrow the scope (a refresh asking for more is invalid_scope)', async () => {
    const { refreshToken } = await tokens(['mcp:tools:weather']);
    const wider = await refresh(refreshToken, { scope: 'mcp:tools:weather mcp:tools:shell' });
    expect(wider.status).toBe(400);
    expect(await wider.json()).toMatchObject({ error: 'invalid_scope' });
    const wildcard = await refresh(refreshToken, { scope: 'mcp:tools:*' });
    expect(await wildcard.json()).toMatchObject({ error: 'invalid_scope' });
    const same = await refresh(refreshToken, { scope: 'mcp:tools:weather' });
    expect(same.status).toBe(200);
  });

  it('narrowing gives a narrower access token, and the next refresh keeps the grant scope', async () => {
    const { refreshToken } = await tokens(['mcp:tools:weather', 'mcp:prompts:*']);
    const narrowed = await (await refresh(refreshToken, { scope: 'mcp:prompts:greeting' })).json();
    expect(narrowed.scope).toBe('mcp:prompts:greeting');
    expect(decodeJwt(narrowed.access_token).scope).toBe('mcp:prompts:greeting');
    const full = await (await refresh(narrowed.refresh_token)).json();
    expect(full.scope).toBe('mcp:tools:weather mcp:prompts:*');
  });

  it('refuses another resource (invalid_target) and an unknown one', async () => {
    const { refreshToken } = await tokens();
    const other = await refresh(refreshToken, { resource: OTHER_RESOURCE });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: 'invalid_target' });
    const unknown = await refresh(refreshToken, { resource: 'https://elsewhere.example/mcp' });
    expect(await unknown.json()).toMatchObject({ error: 'invalid_target' });
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it("refuses another client's refresh token without burning it", async () => {
    const { refreshToken } = await tokens();
    const thief = (await addClient(server, { token_endpoint_auth_method: 'none' })).clientId;
    const stolen = await postForm(`${server.url}/token`, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: thief,
    });
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it('refuses unknown and expired refresh tokens', async () => {
    expect(await (await refresh('not-a-token')).json()).toMatchObject({ error: 'invalid_grant' });
    const { refreshToken } = await tokens();
    server.advance(31 * 86_400);
    try {
      expect(await (await refresh(refreshToken)).json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      server.advance(-31 * 86_400);
    }
  });

  it('of 20 concurrent refreshes with one token at most one succeeds, and the family is revoked', async () => {
    const { refreshToken, grantId } = await tokens();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => refresh(refreshToken).then((r) => r.status)),
    );
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((status) => status === 400).length).toBeGreaterThanOrEqual(19);
    expect((await server.context.store.grants.get(grantId))?.revokedAt).toBeTypeOf('number');
  });
});
