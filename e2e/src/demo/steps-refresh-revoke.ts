import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { check, expectExchanges } from './deviation.js';
import { clientOf, type DemoSession } from './session.js';
import { paths, scopesOf, textOf } from './steps-authorize.js';

/**
 * The SDK's `auth()` with a refresh token and nothing else to do: a `refresh_token` grant. The
 * authorization server rotates the refresh token and keeps the grant's scopes; the next call uses the
 * new access token.
 */
export async function refreshTokens(session: DemoSession): Promise<string[]> {
  const start = session.log.exchanges.length;
  const before = session.provider.tokens();
  const result = await auth(session.provider, {
    serverUrl: session.serverUrl,
    fetchFn: session.log.fetch,
  });
  check(result === 'AUTHORIZED', `auth() answered ${result}, expected a refresh`);
  const after = session.provider.tokens();
  check(after !== undefined && before !== undefined, 'no tokens');
  check(after.refresh_token !== before.refresh_token, 'the refresh token was not rotated');
  check(after.access_token !== before.access_token, 'no new access token');
  check(
    scopesOf(after.scope).join(' ') === scopesOf(before.scope).join(' '),
    `the refreshed scope "${after.scope}" differs from "${before.scope}"`,
  );
  const output = await clientOf(session).callTool({
    name: 'weather',
    arguments: { city: 'Oslo' },
  });
  check(output.isError !== true, `weather failed: ${textOf(output)}`);
  expectExchanges(session.log.since(start), ['POST /token 200', `POST ${paths(session).mcp} 200`]);
  return [
    `refresh_token grant: new access token and a rotated refresh token, scope "${after.scope}"`,
    `weather with the new token: ${textOf(output)}`,
  ];
}

/**
 * RFC 7009 revocation of the refresh token (the whole grant). The refresh token is dead: the SDK's
 * refresh gets `invalid_grant`, drops its tokens and starts a new authorization (the user would have
 * to sign in again: the demo stops there), and the MCP server answers 401. The revoked access token
 * itself is refused at once by a resource server that introspects; one that verifies JWTs accepts it
 * until it expires (minutes), which is reported, not hidden.
 */
export async function revokeTokens(session: DemoSession): Promise<string[]> {
  const start = session.log.exchanges.length;
  const { provider, log } = session;
  const tokens = provider.tokens();
  const client = provider.clientInformation();
  const metadata = provider.discoveryState()?.authorizationServerMetadata;
  const endpoint =
    metadata !== undefined && 'revocation_endpoint' in metadata
      ? metadata.revocation_endpoint
      : undefined;
  check(
    tokens?.refresh_token && client && endpoint,
    'nothing to revoke, or no revocation_endpoint',
  );
  const revoked = await log.fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token: tokens.refresh_token,
      token_type_hint: 'refresh_token',
      client_id: client.client_id,
    }).toString(),
  });
  check(revoked.status === 200, `revocation answered ${revoked.status}`);
  const oldAccess = await probe(session, tokens.access_token);
  provider.interactive = false;
  const result = await auth(provider, { serverUrl: session.serverUrl, fetchFn: log.fetch });
  check(result === 'REDIRECT', `auth() answered ${result}: the revoked refresh token still works?`);
  check(provider.tokens() === undefined, 'the SDK kept the dead tokens');
  const failure = await clientOf(session)
    .callTool({ name: 'weather', arguments: { city: 'Rome' } })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  check(
    failure instanceof UnauthorizedError,
    `the call without a token ended with ${String(failure)}`,
  );
  const { mcp } = paths(session);
  expectExchanges(log.since(start), ['POST /revoke 200', 'POST /token 400', `POST ${mcp} 401`]);
  const refused = log.since(start).find((e) => e.url.pathname === '/token' && e.status === 400);
  check(
    refused?.response.includes('invalid_grant'),
    'the refresh was not refused as invalid_grant',
  );
  return [
    'revoked the refresh token: its grant is revoked',
    oldAccess === 401
      ? 'the revoked access token: 401 at once (the MCP server introspects)'
      : `the revoked access token: still ${oldAccess} at a JWT-verifying MCP server until it expires (${tokens.expires_in ?? '?'} s lifetime)`,
    'refresh with the revoked token: 400 invalid_grant; the SDK dropped its tokens',
    'the next MCP call: 401; the SDK would send the user to sign in again',
  ];
}

/** The status an MCP call gets with `token` (a second SDK client with a fixed bearer header). */
async function probe(session: DemoSession, token: string): Promise<number> {
  const start = session.log.exchanges.length;
  const transport = new StreamableHTTPClientTransport(session.serverUrl, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    fetch: session.log.fetch,
  });
  const client = new Client({ name: 'gatehouse-demo-probe', version: '1.0.0' });
  try {
    await client.connect(transport);
    await client.callTool({ name: 'weather', arguments: { city: 'Paris' } });
  } catch {
    // the status is what matters
  } finally {
    await client.close();
  }
  const { mcp } = paths(session);
  const calls = session.log
    .since(start)
    .filter((e) => e.method === 'POST' && e.url.pathname === mcp);
  return calls.find((e) => e.status >= 400)?.status ?? calls.at(-1)?.status ?? 0;
}
