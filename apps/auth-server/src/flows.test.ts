import { startMetadataDocumentServer } from '@gatehouse/registration/testing';
import { decodeJwt, exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormClient, hidden, PASSWORD } from './routes/authorize/test-helpers.js';
import {
  addClient,
  auditEvents,
  endpointTestStores,
  RESOURCE,
  startTestServer,
} from './testing/test-server.js';
import { addUser } from './users/add-user.js';

/**
 * Full flows driven by oauth4webapi, an independent strict client, against the real app on 127.0.0.1:
 * discovery, DCR and CIMD, authorization with a scripted login and consent, `iss` validation (RFC
 * 9207), code exchange, refresh rotation and reuse detection, revocation, introspection,
 * client_credentials and private_key_jwt.
 */
const REDIRECT = 'http://127.0.0.1:7777/callback';
const http = { [oauth.allowInsecureRequests]: true } as const;

let server: Awaited<ReturnType<typeof startTestServer>>;
let documents: Awaited<ReturnType<typeof startMetadataDocumentServer>>;
let as: oauth.AuthorizationServer;

/** Authorization through the pages: login and consent (or deny), returning the redirect URL. */
async function authorize(client: oauth.Client, options: { scope?: string; deny?: boolean } = {}) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint ?? '');
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: REDIRECT,
    response_type: 'code',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    scope: options.scope ?? 'mcp:tools:weather',
    resource: RESOURCE,
    state,
  }).toString();
  const browser = new FormClient();
  let html = await (await browser.get(url.href)).text();
  html = await (
    await browser.post(`${server.url}/authorize/login`, {
      csrf_token: hidden(html, 'csrf_token'),
      form_state: hidden(html, 'form_state'),
      username: 'alice',
      password: PASSWORD,
    })
  ).text();
  const decided = await browser.post(`${server.url}/authorize`, {
    csrf_token: hidden(html, 'csrf_token'),
    form_state: hidden(html, 'form_state'),
    decision: options.deny ? 'deny' : 'approve',
  });
  expect(decided.status).toBe(303);
  return { callback: new URL(decided.headers.get('location') ?? ''), verifier, state };
}

async function exchange(client: oauth.Client, auth: oauth.ClientAuth = oauth.None()) {
  const { callback, verifier, state } = await authorize(client);
  const params = oauth.validateAuthResponse(as, client, callback, state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    auth,
    params,
    REDIRECT,
    verifier,
    {
      ...http,
      additionalParameters: { resource: RESOURCE },
    },
  );
  return oauth.processAuthorizationCodeResponse(as, client, response);
}

async function register(metadata: Record<string, unknown>): Promise<oauth.Client> {
  const response = await oauth.dynamicClientRegistrationRequest(
    as,
    {
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      ...metadata,
    },
    http,
  );
  return (await oauth.processDynamicClientRegistrationResponse(response)) as oauth.Client;
}

// the whole flow on in-memory SQLite and on PostgreSQL
const stores = endpointTestStores();
afterAll(() => Promise.all(stores.map((store) => store.cleanup())));

describe.each(stores)('full flows with oauth4webapi ($name)', (store) => {
  beforeAll(async () => {
    documents = await startMetadataDocumentServer();
    server = await startTestServer(
      {
        cimdAllowPrivateOrigins: [documents.origin],
        cimdCaCertificates: [documents.ca],
        introspectionClients: ['rs-introspector'],
      },
      await store.options(),
    );
    await addUser(server.context.store.users, {
      username: 'alice',
      password: PASSWORD,
      now: server.context.now(),
      cost: { N: 1024, r: 8, p: 1 },
      claims: { tenant: 'acme' },
    });
    const issuer = new URL(server.url);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { ...http, algorithm: 'oauth2' }),
    );
  });
  afterAll(async () => {
    await server.close();
    await documents.close();
  });

  it('metadata passes the strict client, issuer exact', () => {
    expect(as.issuer).toBe(server.url);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('DCR public client: authorize, exchange, refresh rotation, reuse revokes the family', async () => {
    const client = await register({
      token_endpoint_auth_method: 'none',
      client_name: 'flow client',
    });
    const tokens = await exchange(client);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('mcp:tools:weather');
    expect(decodeJwt(tokens.access_token).tenant).toBe('acme'); // the user's claim
    const first = tokens.refresh_token ?? '';
    const rotated = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), first, http),
    );
    expect(rotated.refresh_token).toBeTypeOf('string');
    expect(rotated.refresh_token).not.toBe(first);
    const reuse = oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), first, http),
    );
    await expect(reuse).rejects.toMatchObject({ error: 'invalid_grant' });
    const successor = oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(
        as,
        client,
        oauth.None(),
        rotated.refresh_token ?? '',
        http,
      ),
    );
    await expect(successor).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('iss in the authorization response is checked against the metadata (mix-up defence)', async () => {
    const client = await register({ token_endpoint_auth_method: 'none', client_name: 'iss check' });
    const { callback, state } = await authorize(client);
    expect(callback.searchParams.get('iss')).toBe(as.issuer);
    const forged = new URL(callback);
    forged.searchParams.set('iss', 'https://attacker.example');
    expect(() => oauth.validateAuthResponse(as, client, forged, state)).toThrow();
    forged.searchParams.delete('iss');
    expect(() => oauth.validateAuthResponse(as, client, forged, state)).toThrow();
    expect(oauth.validateAuthResponse(as, client, callback, state).get('code')).toBeTruthy();
  });

  it('a denied consent comes back as access_denied with iss', async () => {
    const client = await register({ token_endpoint_auth_method: 'none', client_name: 'denied' });
    const { callback, state } = await authorize(client, { deny: true });
    expect(callback.searchParams.get('iss')).toBe(as.issuer);
    expect(() => oauth.validateAuthResponse(as, client, callback, state)).toThrow(
      expect.objectContaining({ error: 'access_denied' }),
    );
  });

  it('confidential DCR client: client_secret_basic exchange, introspection (only by a configured resource server), revocation', async () => {
    const client = await register({ token_endpoint_auth_method: 'client_secret_basic' });
    const auth = oauth.ClientSecretBasic(String(client.client_secret));
    const tokens = await exchange(client, auth);
    const self = await oauth.introspectionRequest(as, client, auth, tokens.access_token, http);
    expect(self.status).toBe(401);
    await self.body?.cancel();
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
    const rsClient: oauth.Client = { client_id: rs.clientId };
    const rsAuth = oauth.ClientSecretBasic(rs.secret);
    const introspect = async () =>
      oauth.processIntrospectionResponse(
        as,
        rsClient,
        await oauth.introspectionRequest(as, rsClient, rsAuth, tokens.access_token, http),
      );
    expect(await introspect()).toMatchObject({
      active: true,
      aud: RESOURCE,
      client_id: client.client_id,
    });
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, tokens.refresh_token ?? '', http),
    );
    expect(await introspect()).toEqual({ active: false });
  });

  it('client_credentials with client_secret_basic and with private_key_jwt', async () => {
    const basic = await addClient(server, {
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'mcp:tools:*',
    });
    const basicClient: oauth.Client = { client_id: basic.clientId };
    const viaSecret = await oauth.processClientCredentialsResponse(
      as,
      basicClient,
      await oauth.clientCredentialsGrantRequest(
        as,
        basicClient,
        oauth.ClientSecretBasic(basic.secret),
        { resource: RESOURCE },
        http,
      ),
    );
    expect(viaSecret.scope).toBe('mcp:tools:*');

    const keys = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'flow-key', alg: 'ES256', use: 'sig' };
    const jwt = await addClient(server, {
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'mcp:tools:*',
      jwks: { keys: [jwk] },
    } as never);
    const jwtClient: oauth.Client = { client_id: jwt.clientId };
    const auth = oauth.PrivateKeyJwt({ key: keys.privateKey, kid: 'flow-key' });
    const viaJwt = await oauth.processClientCredentialsResponse(
      as,
      jwtClient,
      await oauth.clientCredentialsGrantRequest(
        as,
        jwtClient,
        auth,
        { scope: 'mcp:tools:weather' },
        http,
      ),
    );
    expect(viaJwt.scope).toBe('mcp:tools:weather');
  });

  it('a CIMD client (metadata document over https) authorizes and exchanges', async () => {
    const clientId = documents.url('/flow-client.json');
    documents.document('/flow-client.json', {
      client_id: clientId,
      client_name: 'CIMD flow client',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    });
    const client: oauth.Client = { client_id: clientId, token_endpoint_auth_method: 'none' };
    const tokens = await exchange(client);
    expect(tokens.refresh_token).toBeTypeOf('string');
    const events = await auditEvents(server);
    expect(events.some((e) => e.type === 'token.issued' && e.actor?.clientId === clientId)).toBe(
      true,
    );
  });
});
