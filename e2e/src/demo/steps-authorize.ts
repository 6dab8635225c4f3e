import { check, expectExchanges } from './deviation.js';
import { clientOf, connectClient, type DemoSession } from './session.js';

/** The path of the MCP endpoint, and its Protected Resource Metadata (path-inserted form). */
export function paths(session: DemoSession): { mcp: string; prm: string } {
  const mcp = session.serverUrl.pathname;
  return { mcp, prm: `/.well-known/oauth-protected-resource${mcp === '/' ? '' : mcp}` };
}

/** Scopes of a space-separated scope string. */
export function scopesOf(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter(Boolean).sort();
}

/**
 * 401 -> PRM -> AS metadata -> registration (DCR) -> authorization with PKCE -> login and consent ->
 * token -> initialized. All of it inside the SDK's `client.connect()` and `transport.finishAuth()`.
 */
export async function connectAndAuthorize(session: DemoSession): Promise<string[]> {
  const start = session.log.exchanges.length;
  const authorized = await connectClient(session);
  check(authorized, 'the MCP server accepted a request without a token');
  const { mcp, prm } = paths(session);
  const exchanges = session.log.since(start);
  expectExchanges(exchanges, [
    `POST ${mcp} 401`,
    `GET ${prm} 200`,
    'GET /.well-known/oauth-authorization-server 200',
    'POST /register 201',
    'GET /authorize 200',
    'POST /authorize/login 200',
    'POST /authorize 303',
    'POST /token 200',
    `POST ${mcp} 200`,
  ]);
  const challenge = exchanges[0]?.wwwAuthenticate ?? '';
  check(/resource_metadata="/.test(challenge), '401 without resource_metadata');
  const [authorization] = session.provider.authorizations;
  check(authorization?.url !== undefined, 'no authorization request');
  const query = authorization.url.searchParams;
  check(
    query.get('code_challenge_method') === 'S256',
    'the authorization request is not PKCE S256',
  );
  check(query.get('resource') === session.target.mcpUrl, 'the request names another resource');
  const tokens = session.provider.tokens();
  check(tokens?.refresh_token !== undefined, 'no refresh token');
  check(
    scopesOf(tokens.scope).join(' ') === 'mcp:tools:weather',
    `token scope ${tokens.scope}, expected the minimal mcp:tools:weather`,
  );
  const consent = authorization.outcome?.consentScopes.map((line) => line.scope) ?? [];
  const client = session.provider.clientInformation();
  return [
    `registered public client ${client?.client_id} (DCR, token_endpoint_auth_method none)`,
    `PKCE S256; resource ${query.get('resource')}; asked scope "${query.get('scope')}"`,
    `signed in as ${session.target.user.username}; consent page listed: ${consent.join(', ')}`,
    `token: scope "${tokens.scope}", expires in ${tokens.expires_in} s, refresh token issued`,
  ];
}

/** tools/list (filtered to the token's scopes) and tools/call weather. */
export async function callWeather(session: DemoSession): Promise<string[]> {
  const client = clientOf(session);
  const { tools } = await client.listTools();
  const names = tools.map((tool) => tool.name).sort();
  check(names.includes('weather'), `tools/list lacks weather: ${names.join(', ')}`);
  check(!names.includes('run_workflow'), 'tools/list shows run_workflow to a weather-only token');
  const result = await client.callTool({ name: 'weather', arguments: { city: 'Lisbon' } });
  check(result.isError !== true, `weather failed: ${textOf(result)}`);
  return [
    `tools/list: ${names.join(', ')} (only what the token may call)`,
    `weather: ${textOf(result)}`,
  ];
}

/** The text of a tool result's first content item. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content;
  return (content?.[0]?.text ?? '').replace(/\s+/g, ' ').slice(0, 120);
}
