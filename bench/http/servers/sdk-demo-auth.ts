import { createServer } from 'node:http';
import { computeCodeChallenge, generateCodeVerifier } from '@gatehouse/pkce';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';
import { mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import type { Response } from 'express';
import { CLIENT_ID, type PreparedCode, REDIRECT_URI } from '../as-client.js';
import type { StartServer } from '../bench-server.js';
import { listen, stop } from '../listen.js';
import { RESOURCE, TOOL_SCOPE } from '../mcp-resource.js';

/**
 * The MCP SDK's demo authorization server (reported, not a target): `mcpAuthRouter` with the SDK's
 * `DemoInMemoryAuthProvider`, on the SDK's Express app, rate limiting off (its default of 50 token
 * requests per 15 minutes would answer 429). It keeps codes and tokens in `Map`s and issues opaque
 * UUID access tokens (no signature), and it does not implement refresh. Codes are made through the
 * provider's own `authorize` (what `/authorize` calls), outside the timing.
 */
export const start: StartServer = async () => {
  const http = createServer();
  const port = await listen(http);
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new DemoInMemoryAuthProvider();
  const client = await provider.clientsStore.registerClient({
    client_id: CLIENT_ID,
    redirect_uris: [REDIRECT_URI],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  });
  const app = createMcpExpressApp();
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(issuer),
      scopesSupported: [TOOL_SCOPE],
      tokenOptions: { rateLimit: false },
      authorizationOptions: { rateLimit: false },
    }),
  );
  http.on('request', app);

  const makeCode = async (): Promise<PreparedCode> => {
    const verifier = generateCodeVerifier();
    let location = '';
    const response = {
      redirect: (url: string) => {
        location = url;
      },
    } as unknown as Response;
    await provider.authorize(
      client,
      {
        codeChallenge: await computeCodeChallenge(verifier),
        redirectUri: REDIRECT_URI,
        scopes: [TOOL_SCOPE],
        resource: new URL(RESOURCE),
      },
      response,
    );
    const code = new URL(location).searchParams.get('code');
    if (code === null) throw new Error('the demo provider made no code');
    return { code, verifier };
  };
  return {
    url: issuer,
    info: { storage: 'Map (in memory)', accessTokens: 'opaque UUID, unsigned' },
    async prepare(what, count) {
      if (what !== 'codes') throw new Error("the SDK's demo provider does not implement refresh");
      const items: unknown[] = [];
      for (let index = 0; index < count; index++) items.push(await makeCode());
      return items;
    },
    close: () => stop(http),
  };
};
