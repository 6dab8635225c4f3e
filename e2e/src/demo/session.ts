import { randomInt } from 'node:crypto';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { check, DemoDeviation } from './deviation.js';
import { createHttpLog, type HttpLog } from './http-log.js';
import { type Credentials, createScriptedBrowser } from './scripted-login.js';
import { ScriptedClientProvider } from './scripted-provider.js';

/** What the demo runs against. */
export interface DemoTarget {
  /** The MCP endpoint; everything else is discovered from its 401. */
  mcpUrl: string;
  /** The user who signs in on the login page. */
  user: Credentials;
}

/** The MCP client of the demo: the official SDK client, its OAuth provider, and the HTTP log. */
export interface DemoSession {
  readonly target: DemoTarget;
  readonly serverUrl: URL;
  readonly log: HttpLog;
  readonly provider: ScriptedClientProvider;
  /** The connected SDK client (after the first step). */
  client: Client | undefined;
  transport: StreamableHTTPClientTransport | undefined;
  close(): Promise<void>;
}

/**
 * A demo session: an SDK `Client` over `StreamableHTTPClientTransport` whose `authProvider` is a
 * {@link ScriptedClientProvider}, with one recording `fetch` for the transport, the SDK's auth calls
 * and the scripted browser. The code is read from the authorization server's 303 to the redirect URI.
 */
export function createDemoSession(
  target: DemoTarget,
  options: { clientName?: string; fetch?: typeof fetch } = {},
): DemoSession {
  const log = createHttpLog(options.fetch);
  const browser = createScriptedBrowser({ user: target.user, fetch: log.fetch });
  const provider = new ScriptedClientProvider({
    browser,
    // A loopback redirect URI on a port picked per run, as native apps do (RFC 8252 7.3); nothing
    // listens there. A new port is also new client metadata, so each run registers its own client
    // (the authorization server returns the existing client for an identical registration).
    redirectUrl: `http://127.0.0.1:${randomInt(49_152, 65_536)}/callback`,
    clientName: options.clientName ?? 'Gatehouse demo (MCP SDK client)',
  });
  const session: DemoSession = {
    target,
    serverUrl: new URL(target.mcpUrl),
    log,
    provider,
    client: undefined,
    transport: undefined,
    close: async () => {
      await session.client?.close();
      session.client = undefined;
      session.transport = undefined;
    },
  };
  return session;
}

/**
 * Connects the SDK client. When the server answers 401, the SDK runs discovery, registration and
 * the authorization request (the provider logs in and consents) and throws `UnauthorizedError`; the
 * code is then exchanged with `transport.finishAuth(code)` and the client connects again on a new
 * transport, as the SDK's own OAuth example does. Resolves to whether an authorization was needed.
 */
export async function connectClient(session: DemoSession): Promise<boolean> {
  await session.close();
  const first = await openClient(session);
  if (first === undefined) return false;
  if (first instanceof DemoDeviation) throw first; // from the scripted login (wrong password...)
  check(first instanceof UnauthorizedError, `connecting failed: ${String(first)}`);
  const { transport } = session;
  check(transport !== undefined, 'no transport');
  await transport.finishAuth(session.provider.takeCode());
  await session.close();
  const second = await openClient(session);
  check(second === undefined, `connecting after the authorization failed: ${String(second)}`);
  return true;
}

async function openClient(session: DemoSession): Promise<unknown> {
  const transport = new StreamableHTTPClientTransport(session.serverUrl, {
    authProvider: session.provider,
    fetch: session.log.fetch,
  });
  const client = new Client({ name: 'gatehouse-demo', version: '1.0.0' });
  session.transport = transport;
  session.client = client;
  try {
    await client.connect(transport);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The connected client, or a deviation. */
export function clientOf(session: DemoSession): Client {
  check(session.client !== undefined, 'the client is not connected');
  return session.client;
}
