import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClient as addPreRegisteredClient } from '../clients/add-client.js';
import { addClient, issueTestCode, postForm, startTestServer } from '../testing/test-server.js';
import { addUser } from '../users/add-user.js';
import { preRegisteredClientPolicy } from './registration-policy.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

/** User claims in access tokens (`userClaims`), and what `/introspect` shows of them. */
describe('user claims in access tokens', () => {
  let server: Server;
  let clientId: string;
  let introspector: { clientId: string; secret: string };
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    server = await startTestServer({ introspectionClients: ['resource-server'] });
    clientId = (await addClient(server, { token_endpoint_auth_method: 'none' })).clientId;
    const now = server.context.now();
    alice = (
      await addUser(server.context.store.users, {
        username: 'alice',
        password: 'alice-password',
        now,
        cost: CHEAP,
        claims: { tenant: 'acme' },
      })
    ).id;
    bob = (
      await addUser(server.context.store.users, {
        username: 'bob',
        password: 'bob-password',
        now,
        cost: CHEAP,
      })
    ).id;
    const added = await addPreRegisteredClient(server.context.store.clients, {
      metadata: {
        client_name: 'Resource server',
        grant_types: ['client_credentials'],
        scope: 'mcp:tools:*',
        token_endpoint_auth_method: 'client_secret_basic',
      },
      policy: preRegisteredClientPolicy(server.context.config),
      now,
      clientId: 'resource-server',
    });
    introspector = { clientId: added.clientId, secret: added.clientSecret ?? '' };
  });
  afterAll(() => server.close());

  async function tokensFor(userId: string, target: Server = server, client = clientId) {
    const { code, verifier, redirectUri } = await issueTestCode(target, {
      clientId: client,
      userId,
    });
    const response = await postForm(`${target.url}/token`, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: client,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { access_token: string; refresh_token: string };
  }

  async function introspect(token: string) {
    const response = await postForm(
      `${server.url}/introspect`,
      { token },
      { basic: [introspector.clientId, introspector.secret] },
    );
    return (await response.json()) as Record<string, unknown>;
  }

  it('a token for a user with the claim carries it, also after a refresh', async () => {
    const tokens = await tokensFor(alice);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: alice, tenant: 'acme' });
    const refreshed = await (
      await postForm(`${server.url}/token`, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        client_id: clientId,
      })
    ).json();
    expect(decodeJwt(refreshed.access_token).tenant).toBe('acme');
  });

  it('a token for a user without it has none', async () => {
    const { access_token } = await tokensFor(bob);
    expect(decodeJwt(access_token)).not.toHaveProperty('tenant');
  });

  it('introspection shows the user claim and the RFC 7662 members, never the grant id', async () => {
    const { access_token } = await tokensFor(alice);
    expect(decodeJwt(access_token)).toHaveProperty('gid');
    const body = await introspect(access_token);
    expect(body).toMatchObject({ active: true, sub: alice, tenant: 'acme' });
    expect(body).not.toHaveProperty('gid');
    expect(Object.keys(body).sort()).toEqual(
      [
        'active',
        'aud',
        'client_id',
        'exp',
        'iat',
        'iss',
        'jti',
        'scope',
        'sub',
        'tenant',
        'token_type',
      ].sort(),
    );
  });

  it('a client_credentials token carries no user claim', async () => {
    const response = await postForm(
      `${server.url}/token`,
      { grant_type: 'client_credentials', scope: 'mcp:tools:read' },
      { basic: [introspector.clientId, introspector.secret] },
    );
    const { access_token } = await response.json();
    expect(decodeJwt(access_token)).not.toHaveProperty('tenant');
  });

  it('claims not named in userClaims stay out of tokens', async () => {
    const quiet = await startTestServer({ userClaims: [] });
    try {
      const client = (await addClient(quiet, { token_endpoint_auth_method: 'none' })).clientId;
      const user = await addUser(quiet.context.store.users, {
        username: 'carol',
        password: 'carol-password',
        now: quiet.context.now(),
        cost: CHEAP,
        claims: { tenant: 'acme' },
      });
      const { access_token } = await tokensFor(user.id, quiet, client);
      expect(decodeJwt(access_token)).not.toHaveProperty('tenant');
    } finally {
      await quiet.close();
    }
  });
});
