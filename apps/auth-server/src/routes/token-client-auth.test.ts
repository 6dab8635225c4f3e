import { randomUUID } from 'node:crypto';
import { startMetadataDocumentServer } from '@gatehouse/registration/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_BEARER_ASSERTION_TYPE } from '../oauth/private-key-jwt.js';
import {
  addClient,
  auditEvents,
  postForm,
  RESOURCE,
  startTestServer,
} from '../testing/test-server.js';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const CC = {
  grant_types: ['client_credentials' as const],
  response_types: [],
  redirect_uris: [],
  scope: 'mcp:tools:*',
};

/** What a client that did not prove who it is gets, whatever went wrong. */
const AUTHENTICATION_FAILED = {
  error: 'invalid_client',
  error_description: 'client authentication failed',
};

async function lastRejection(server: Server) {
  const events = await auditEvents(server);
  return events.filter((event) => event.type === 'token.rejected').at(-1)?.reason;
}

describe('client authentication at /token', () => {
  let server: Server;
  let documents: Awaited<ReturnType<typeof startMetadataDocumentServer>>;
  let confidential: { clientId: string; secret: string };
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwtClient: string;
  let remoteJwtClient: string;
  let blockedJwtClient: string;

  beforeAll(async () => {
    documents = await startMetadataDocumentServer();
    server = await startTestServer({
      cimdAllowPrivateOrigins: [documents.origin],
      cimdCaCertificates: [documents.ca],
    });
    confidential = await addClient(server, {
      token_endpoint_auth_method: 'client_secret_basic',
      ...CC,
    });
    keys = await generateKeyPair('ES256');
    const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwtClient = (
      await addClient(server, {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [publicJwk] },
        ...CC,
      } as never)
    ).clientId;
    documents.document('/jwks.json', { keys: [publicJwk] });
    documents.document('/blocked-jwks.json', { keys: [publicJwk] });
    remoteJwtClient = (
      await addClient(server, {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: documents.url('/jwks.json'),
        ...CC,
      } as never)
    ).clientId;
    blockedJwtClient = (
      await addClient(server, {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: documents.url('/blocked-jwks.json', 'localhost'),
        ...CC,
      } as never)
    ).clientId;
  });
  afterAll(async () => {
    await server.close();
    await documents.close();
  });

  function assertion(
    clientId: string,
    claims: { aud?: string | string[]; exp?: number; jti?: string; iat?: number } = {},
  ) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(claims.aud ?? server.url)
      .setJti(claims.jti ?? randomUUID())
      .setIssuedAt(claims.iat ?? now)
      .setExpirationTime(claims.exp ?? now + 60)
      .sign(keys.privateKey);
  }

  function withAssertion(jwt: string, extra: Record<string, string> = {}) {
    return postForm(`${server.url}/token`, {
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
      client_assertion: jwt,
      ...extra,
    });
  }

  it('client_secret_basic: issues a client_credentials token whose subject is the client', async () => {
    const response = await postForm(
      `${server.url}/token`,
      { grant_type: 'client_credentials', scope: 'mcp:tools:weather' },
      { basic: [confidential.clientId, confidential.secret] },
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.refresh_token).toBeUndefined();
    expect(body.scope).toBe('mcp:tools:weather');
  });

  it('a client registered without a scope gets no client_credentials token (not every scope)', async () => {
    const { scope: _none, ...unscoped } = CC;
    const client = await addClient(server, {
      token_endpoint_auth_method: 'client_secret_basic',
      ...unscoped,
    });
    const response = await postForm(
      `${server.url}/token`,
      { grant_type: 'client_credentials' },
      { basic: [client.clientId, client.secret] },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_scope');
    expect(await lastRejection(server)).toBe('ERR_AS_CLIENT_SCOPE_MISSING');
  });

  it('client_secret_post is refused for a client registered for basic (one registered method)', async () => {
    const response = await postForm(`${server.url}/token`, {
      grant_type: 'client_credentials',
      client_id: confidential.clientId,
      client_secret: confidential.secret,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(AUTHENTICATION_FAILED);
    expect(await lastRejection(server)).toBe('ERR_AS_CLIENT_AUTH_METHOD');
  });

  it("a client's existence and registered method do not show before it authenticates", async () => {
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer('no-such-client')
      .setSubject('no-such-client')
      .setAudience(server.url)
      .setJti(randomUUID())
      .setExpirationTime('1m')
      .sign(keys.privateKey);
    const attempts: Array<[string, () => Promise<Response>]> = [
      // client_id alone (method none) for a secret client, a key client, and nobody
      ['ERR_AS_CLIENT_AUTH_METHOD', () => withClientId(confidential.clientId)],
      ['ERR_AS_CLIENT_AUTH_METHOD', () => withClientId(jwtClient)],
      ['ERR_AS_CLIENT_UNKNOWN', () => withClientId('no-such-client')],
      // a secret for a key client, and for nobody
      [
        'ERR_REGISTRATION_CLIENT_UNKNOWN',
        () =>
          postForm(
            `${server.url}/token`,
            { grant_type: 'client_credentials' },
            { basic: [jwtClient, 'guess'] },
          ),
      ],
      // an assertion for a secret client, a bad one for a key client, one for nobody
      [
        'ERR_AS_CLIENT_AUTH_METHOD',
        async () => withAssertion(await assertion(confidential.clientId)),
      ],
      [
        'ERR_AS_ASSERTION_AUDIENCE',
        async () =>
          withAssertion(await assertion(jwtClient, { aud: [server.url, 'https://x.example'] })),
      ],
      ['ERR_AS_CLIENT_UNKNOWN', () => withAssertion(forged)],
    ];
    for (const [reason, attempt] of attempts) {
      const response = await attempt();
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(await response.json()).toEqual(AUTHENTICATION_FAILED);
      expect(await lastRejection(server)).toBe(reason);
    }
  });

  it('only a client that presented its right (but expired) secret is told it expired', async () => {
    const expiring = await addClient(server, {
      token_endpoint_auth_method: 'client_secret_basic',
      ...CC,
    });
    const store = server.context.store.clients;
    const record = await store.get(expiring.clientId, server.context.now());
    if (record === undefined) throw new Error('the client was not stored');
    await store.update({ ...record, clientSecretExpiresAt: server.context.now() - 1 });
    const right = await postForm(
      `${server.url}/token`,
      { grant_type: 'client_credentials' },
      { basic: [expiring.clientId, expiring.secret] },
    );
    expect(right.status).toBe(401);
    expect(await right.json()).toEqual({
      error: 'invalid_client',
      error_description: 'client secret has expired',
    });
    expect(await lastRejection(server)).toBe('ERR_REGISTRATION_CLIENT_SECRET_EXPIRED');
    const wrong = await postForm(
      `${server.url}/token`,
      { grant_type: 'client_credentials' },
      { basic: [expiring.clientId, 'guess'] },
    );
    expect(await wrong.json()).toEqual(AUTHENTICATION_FAILED);
    expect(await lastRejection(server)).toBe('ERR_REGISTRATION_CLIENT_SECRET_MISMATCH');
  });

  it('client_secret_post works for a client registered for it', async () => {
    const post = await addClient(server, {
      token_endpoint_auth_method: 'client_secret_post',
      ...CC,
    });
    const response = await postForm(`${server.url}/token`, {
      grant_type: 'client_credentials',
      client_id: post.clientId,
      client_secret: post.secret,
    });
    expect(response.status).toBe(200);
  });

  it('a wrong secret and an unknown client get the same 401 with WWW-Authenticate: Basic', async () => {
    const wrong = await postForm(
      `${server.url}/token`,
      { grant_type: 'client_credentials' },
      { basic: [confidential.clientId, `${confidential.secret.slice(0, -1)}x`] },
    );
    const unknown = await postForm(
      `${server.url}/token`,
      { grant_type: 'client_credentials' },
      { basic: ['no-such-client', confidential.secret] },
    );
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(await response.json()).toEqual(AUTHENTICATION_FAILED);
    }
  });

  it('brute-forcing a secret is cut off by the rate limit', async () => {
    const limited = await startTestServer({
      rateLimits: { token: { points: 5, durationSeconds: 60 } },
    });
    try {
      const client = await addClient(limited, {
        token_endpoint_auth_method: 'client_secret_basic',
        ...CC,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const response = await postForm(
          `${limited.url}/token`,
          { grant_type: 'client_credentials' },
          { basic: [client.clientId, `guess-${i}`] },
        );
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('client ids naming metadata documents spend the documents budget only when fetched', async () => {
    const limited = await startTestServer({
      cimdAllowPrivateOrigins: [documents.origin],
      cimdCaCertificates: [documents.ca],
      rateLimits: { documents: { points: 2, durationSeconds: 60 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await postForm(`${limited.url}/token`, {
          grant_type: 'authorization_code',
          client_id: documents.url(`/flood-${i}.json`),
        });
        statuses.push(response.status);
        if (response.status === 429) {
          expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
          expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
          expect(await lastRejection(limited)).toBe('ERR_AS_RATE_LIMITED');
        }
      }
      expect(statuses.slice(2)).toEqual([429, 429]);
      expect(statuses.slice(0, 2)).not.toContain(429);
      const fetched = [0, 1, 2, 3].map((i) => documents.hits(`/flood-${i}.json`));
      expect(fetched).toEqual([1, 1, 0, 0]);
    } finally {
      await limited.close();
    }
  });

  it('two authentication methods in one request are invalid_request', async () => {
    const response = await postForm(
      `${server.url}/token`,
      {
        grant_type: 'client_credentials',
        client_id: confidential.clientId,
        client_secret: confidential.secret,
      },
      { basic: [confidential.clientId, confidential.secret] },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    expect(await lastRejection(server)).toBe('ERR_AS_CLIENT_AUTH_MULTIPLE');
    const jwtAndBasic = await postForm(
      `${server.url}/token`,
      {
        grant_type: 'client_credentials',
        client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
        client_assertion: await assertion(jwtClient),
      },
      { basic: [confidential.clientId, confidential.secret] },
    );
    expect(jwtAndBasic.status).toBe(400);
  });

  it('a public client cannot use client_credentials', async () => {
    const publicClient = await addClient(server, { token_endpoint_auth_method: 'none', ...CC });
    const response = await postForm(`${server.url}/token`, {
      grant_type: 'client_credentials',
      client_id: publicClient.clientId,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('a client not registered for a grant type is unauthorized_client', async () => {
    const response = await postForm(
      `${server.url}/token`,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { basic: [confidential.clientId, confidential.secret] },
    );
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('client_credentials for an unknown resource is invalid_target', async () => {
    const response = await postForm(
      `${server.url}/token`,
      { grant_type: 'client_credentials', resource: 'https://unknown.example/mcp' },
      { basic: [confidential.clientId, confidential.secret] },
    );
    expect(await response.json()).toMatchObject({ error: 'invalid_target' });
  });

  function withClientId(clientId: string) {
    return postForm(`${server.url}/token`, {
      grant_type: 'client_credentials',
      client_id: clientId,
    });
  }

  it('private_key_jwt with inline jwks, audience = issuer or token endpoint', async () => {
    for (const aud of [server.url, `${server.url}/token`]) {
      const response = await withAssertion(await assertion(jwtClient, { aud }), {
        resource: RESOURCE,
      });
      expect(response.status).toBe(200);
    }
  });

  it('private_key_jwt with a wrong audience is refused', async () => {
    for (const aud of ['https://other-as.example', `${server.url}/introspect`]) {
      const response = await withAssertion(await assertion(jwtClient, { aud }));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    }
    const two = await withAssertion(
      await assertion(jwtClient, { aud: [server.url, 'https://x.example'] }),
    );
    expect(two.status).toBe(401);
    expect(await lastRejection(server)).toBe('ERR_AS_ASSERTION_AUDIENCE');
  });

  it('private_key_jwt expired, or valid for too long, is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await withAssertion(
      await assertion(jwtClient, { iat: now - 600, exp: now - 120 }),
    );
    expect(expired.status).toBe(401);
    expect(await lastRejection(server)).toBe('ERR_AS_ASSERTION_EXPIRED');
    const long = await withAssertion(await assertion(jwtClient, { exp: now + 3600 }));
    expect(long.status).toBe(401);
    expect(await lastRejection(server)).toBe('ERR_AS_ASSERTION_LIFETIME');
  });

  it('private_key_jwt issued in the future is refused, beyond the clock skew allowance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const future = await withAssertion(await assertion(jwtClient, { iat: now + 100_000 }));
    expect(future.status).toBe(401);
    expect(await future.json()).toEqual(AUTHENTICATION_FAILED);
    expect(await lastRejection(server)).toBe('ERR_AS_ASSERTION_ISSUED_IN_FUTURE');
    const aheadBy60 = await withAssertion(await assertion(jwtClient, { iat: now + 60 }));
    expect(aheadBy60.status).toBe(401);
    expect(await lastRejection(server)).toBe('ERR_AS_ASSERTION_ISSUED_IN_FUTURE');
    // a client clock a little ahead is within the allowance
    const skewed = await withAssertion(await assertion(jwtClient, { iat: now + 20 }));
    expect(skewed.status).toBe(200);
  });

  it('private_key_jwt replay of a jti is refused', async () => {
    const jwt = await assertion(jwtClient);
    expect((await withAssertion(jwt)).status).toBe(200);
    const replay = await withAssertion(jwt);
    expect(replay.status).toBe(401);
    expect(await lastRejection(server)).toBe('ERR_AS_ASSERTION_REPLAYED');
  });

  it('private_key_jwt signed by another key is refused', async () => {
    const other = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(jwtClient)
      .setSubject(jwtClient)
      .setAudience(server.url)
      .setJti(randomUUID())
      .setExpirationTime(now + 60)
      .sign(other.privateKey);
    const response = await withAssertion(forged);
    expect(response.status).toBe(401);
    expect(await lastRejection(server)).toBe('ERR_AS_ASSERTION_INVALID');
  });

  it('private_key_jwt with jwks_uri fetched through the pinned path', async () => {
    const response = await withAssertion(await assertion(remoteJwtClient));
    expect(response.status).toBe(200);
    expect(documents.hits('/jwks.json')).toBe(1);
    expect((await withAssertion(await assertion(remoteJwtClient))).status).toBe(200);
    expect(documents.hits('/jwks.json')).toBe(1);
  });

  it('a jwks_uri on a loopback origin not in the test allow-list is never fetched', async () => {
    const response = await withAssertion(await assertion(blockedJwtClient));
    expect(response.status).toBe(401);
    expect(await lastRejection(server)).toBe('ERR_AS_ASSERTION_KEYS');
    expect(documents.hits('/blocked-jwks.json')).toBe(0);
  });

  it('a malformed client_assertion or assertion type is refused', async () => {
    expect((await withAssertion('not.a.jwt')).status).toBe(401);
    const wrongType = await postForm(`${server.url}/token`, {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:other',
      client_assertion: await assertion(jwtClient),
    });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ error: 'invalid_request' });
  });
});
