import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { check, DemoDeviation, expectExchanges } from './deviation.js';
import type { Exchange } from './http-log.js';
import { clientOf, type DemoSession } from './session.js';
import { paths, scopesOf, textOf } from './steps-authorize.js';

/** The workflow call that needs more than the first token has. */
const WORKFLOW_CALL = { name: 'run_workflow', arguments: { name: 'backup' } };
const NEEDED = 'mcp:exec:workflows:backup';

/**
 * `tools/call run_workflow` with a weather-only token: 403 `insufficient_scope` naming the scope it
 * needs (and the ones the token has). SDK 1.32 reacts by refreshing the token first (it holds a
 * refresh token), which cannot widen the scope, gets the same 403 again and gives up with a
 * `StreamableHTTPError` 403: the deviation would be anything else.
 */
export async function stepUpChallenge(session: DemoSession): Promise<string[]> {
  const start = session.log.exchanges.length;
  const error = await clientOf(session)
    .callTool(WORKFLOW_CALL)
    .then(
      () => undefined,
      (failure: unknown) => failure,
    );
  if (error === undefined) throw new DemoDeviation('run_workflow ran with a weather-only token');
  check(
    error instanceof StreamableHTTPError && error.code === 403,
    `expected a 403 from run_workflow, got ${String(error)}`,
  );
  const { mcp } = paths(session);
  const exchanges = session.log.since(start);
  expectExchanges(exchanges, [`POST ${mcp} 403`, 'POST /token 200', `POST ${mcp} 403`]);
  const challenge = lastChallenge(exchanges);
  const scope = challengeParam(challenge, 'scope');
  check(challengeParam(challenge, 'error') === 'insufficient_scope', 'not insufficient_scope');
  check(scopesOf(scope).includes(NEEDED), `the challenge does not name ${NEEDED}`);
  const refreshed = session.provider.tokens();
  return [
    `403 insufficient_scope, scope="${scope}" (the needed scope plus the token's)`,
    `SDK 1.32 refreshed first (it holds a refresh token): the scope stays "${refreshed?.scope}"`,
    'a refresh cannot widen the scope: the retry got the same 403, and the SDK stopped there',
  ];
}

/**
 * Step-up with the SDK as it is: the client drops its tokens and calls the SDK's `auth()` with the
 * challenge's scope, which sends the user to the authorization server (consent page only: the
 * browser session is still signed in; the earlier scope is shown as allowed before), then
 * `transport.finishAuth(code)`; the same call now succeeds.
 */
export async function reconsentAndRetry(session: DemoSession): Promise<string[]> {
  const start = session.log.exchanges.length;
  const challenge = lastChallenge(session.log.exchanges);
  const scope = challengeParam(challenge, 'scope');
  const metadata = challengeParam(challenge, 'resource_metadata');
  check(scope !== undefined, 'the 403 challenge names no scope');
  session.provider.invalidateCredentials('tokens');
  const result = await auth(session.provider, {
    serverUrl: session.serverUrl,
    scope,
    ...(metadata === undefined ? {} : { resourceMetadataUrl: new URL(metadata) }),
    fetchFn: session.log.fetch,
  });
  check(result === 'REDIRECT', `auth() answered ${result}, expected a new authorization`);
  const transport = session.transport;
  check(transport !== undefined, 'no transport');
  await transport.finishAuth(session.provider.takeCode());
  const client = clientOf(session);
  const output = await client.callTool(WORKFLOW_CALL);
  check(output.isError !== true, `run_workflow failed: ${textOf(output)}`);
  const { tools } = await client.listTools();
  const names = tools.map((tool) => tool.name).sort();
  check(names.includes('run_workflow'), 'tools/list still hides run_workflow');
  const { mcp } = paths(session);
  expectExchanges(session.log.since(start), [
    'GET /authorize 200',
    'POST /authorize 303',
    'POST /token 200',
    `POST ${mcp} 200`,
  ]);
  const authorization = session.provider.authorizations.at(-1);
  const pages = authorization?.outcome?.pages ?? [];
  check(!pages.includes('login'), 'the step-up asked for the password again');
  const listed = authorization?.outcome?.consentScopes ?? [];
  const earlier = listed.filter((line) => line.allowedBefore).map((line) => line.scope);
  check(earlier.includes('mcp:tools:weather'), 'the consent page lost the earlier scope');
  const tokens = session.provider.tokens();
  check(
    scopesOf(tokens?.scope).join(' ') === scopesOf(`mcp:tools:weather ${NEEDED}`).join(' '),
    `the new token's scope is "${tokens?.scope}"`,
  );
  return [
    `consent page (no new login): ${listed.map((l) => l.scope + (l.allowedBefore ? ' (allowed before)' : '')).join(', ')}`,
    `new token: scope "${tokens?.scope}" (nothing lost)`,
    `run_workflow: ${textOf(output)}`,
    `tools/list now: ${names.join(', ')}`,
  ];
}

function lastChallenge(exchanges: readonly Exchange[]): string {
  const found = exchanges.findLast((e) => e.status === 403 && e.wwwAuthenticate !== null);
  check(found?.wwwAuthenticate, 'no 403 challenge was seen');
  return found.wwwAuthenticate;
}

/** A parameter of a `WWW-Authenticate: Bearer` challenge. */
export function challengeParam(header: string, name: string): string | undefined {
  return new RegExp(`(?:^|[ ,])${name}="([^"]*)"`).exec(header)?.[1];
}
