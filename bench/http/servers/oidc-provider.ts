import { createServer } from 'node:http';
import { computeCodeChallenge, generateCodeVerifier } from '@gatehouse/pkce';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import { CLIENT_ID, codeExchangeBody, type PreparedCode, REDIRECT_URI } from '../as-client.js';
import type { StartServer } from '../bench-server.js';
import { listen, stop } from '../listen.js';
import { RESOURCE, TOOL_SCOPE } from '../mcp-resource.js';

/**
 * The peer of scenario 4: `oidc-provider` 9 configured like the Gatehouse authorization server:
 * one public client (PKCE S256 required, as oidc-provider requires for public clients), resource
 * indicators with ES256-signed JWT access tokens for {@link RESOURCE} (300 s), refresh tokens issued
 * and rotated on every use. Storage: oidc-provider's own `MemoryAdapter` over an unbounded `Map`
 * (its default store is an LRU of 1,000 entries, too small to hold the codes made for a round): in
 * memory, nothing durable, no database. Codes are made with its models (Grant + AuthorizationCode),
 * as its authorization endpoint would; refresh tokens by real code exchanges, outside the timing.
 */
export const start: StartServer = async () => {
  const http = createServer();
  const port = await listen(http);
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'bench-es256' };
  const store = new Map<string, unknown>();
  const provider = new Provider(issuer, {
    adapter: (model: string) => new MemoryAdapter(model, store),
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [jwk] },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: TOOL_SCOPE,
          audience: RESOURCE,
          accessTokenTTL: 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    issueRefreshToken: () => true,
    rotateRefreshToken: true,
    ttl: { AccessToken: 300, AuthorizationCode: 3600, Grant: 86_400, RefreshToken: 86_400 },
  });
  http.on('request', provider.callback());
  const client = await provider.Client.find(CLIENT_ID);

  const makeCode = async (): Promise<PreparedCode> => {
    const grant = new provider.Grant({ accountId: 'user-1', clientId: CLIENT_ID });
    grant.addResourceScope(RESOURCE, TOOL_SCOPE);
    const grantId = await grant.save();
    const verifier = generateCodeVerifier();
    const code = await new provider.AuthorizationCode({
      accountId: 'user-1',
      client,
      grantId,
      redirectUri: REDIRECT_URI,
      scope: TOOL_SCOPE,
      resource: RESOURCE,
      codeChallenge: await computeCodeChallenge(verifier),
      codeChallengeMethod: 'S256',
    }).save();
    return { code, verifier };
  };
  const makeRefreshToken = async (): Promise<string> => {
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: codeExchangeBody(await makeCode(), RESOURCE),
    });
    const body = (await response.json()) as { refresh_token?: string; error_description?: string };
    if (body.refresh_token === undefined) {
      throw new Error(`oidc-provider code exchange: ${response.status} ${JSON.stringify(body)}`);
    }
    return body.refresh_token;
  };
  return {
    url: issuer,
    info: { storage: "oidc-provider's MemoryAdapter over an unbounded Map (in memory)" },
    async prepare(what, count) {
      const make = what === 'codes' ? makeCode : what === 'refresh' ? makeRefreshToken : undefined;
      if (make === undefined) throw new Error(`cannot prepare ${what}`);
      const items: unknown[] = [];
      for (let index = 0; index < count; index++) items.push(await make());
      return items;
    },
    close: () => stop(http),
  };
};
