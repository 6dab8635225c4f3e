import type { AddressInfo } from 'node:net';
import { createAuditLogger, type MemorySink, memorySink } from '@gatehouse/audit';
import { computeCodeChallenge, generateCodeVerifier } from '@gatehouse/pkce';
import type { ClientMetadata } from '@gatehouse/registration';
import Koa from 'koa';
import { pino } from 'pino';
import type {
  AuthServerConfig,
  ClientResolver,
  ResolvedClient,
  ServerContext,
  SigningKeys,
} from '../../context.js';
import { createStore } from '../../store/index.js';
import type { AuthStore } from '../../store/types.js';
import { addUser } from '../../users/add-user.js';
import { type AuthorizeRoutesOptions, authorizeRoutes } from '../authorize.js';

export const RESOURCE = 'http://127.0.0.1:9100/mcp';
export const OTHER_RESOURCE = 'https://other.example/mcp';
export const PASSWORD = 'correct horse battery staple';
export const TEST_SECRET = new Uint8Array(32).fill(7);

/** A test configuration (loopback issuer, two resources). */
export function testConfig(overrides: Partial<AuthServerConfig> = {}): AuthServerConfig {
  return {
    issuer: 'http://127.0.0.1:9000',
    host: '127.0.0.1',
    port: 0,
    dev: true,
    dataDir: '.',
    resources: [
      {
        uri: RESOURCE,
        name: 'Demo MCP server',
        scopes: [
          'mcp:tools:*',
          'mcp:resources:*',
          'mcp:prompts:*',
          'mcp:exec:workflows:*',
          'offline_access',
        ],
        accessTokenTtlSeconds: 300,
      },
      { uri: OTHER_RESOURCE, scopes: ['mcp:tools:*'], accessTokenTtlSeconds: 300 },
    ],
    defaultResource: RESOURCE,
    codeTtlSeconds: 60,
    refreshTokenTtlSeconds: 86_400,
    registeredScopeIsCeiling: false,
    scopeDescriptions: {},
    trustProxy: false,
    cimdAllowPrivateOrigins: [],
    keyPublishSeconds: 3600,
    auditFile: '',
    userClaims: ['tenant'],
    clients: [],
    rateLimits: {
      token: { points: 1000, durationSeconds: 60 },
      register: { points: 1000, durationSeconds: 60 },
      authorize: { points: 1000, durationSeconds: 60 },
      documents: { points: 1000, durationSeconds: 60 },
      introspect: { points: 1000, durationSeconds: 60 },
      revoke: { points: 1000, durationSeconds: 60 },
    },
    ...overrides,
  };
}

/** Client metadata for a loopback public client. */
export function clientMetadata(overrides: Partial<ClientMetadata> = {}): ClientMetadata {
  return {
    redirect_uris: ['http://127.0.0.1:7777/callback'],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    application_type: 'native',
    client_name: 'Test Client',
    ...overrides,
  };
}

/** A running Koa app with only the authorize routes, on 127.0.0.1. */
export interface TestServer {
  url: string;
  server: ServerContext;
  store: AuthStore;
  sink: MemorySink;
  /** CIMD-like clients served by the test resolver (registered ones live in the store). */
  documents: Map<string, ResolvedClient>;
  userId: string;
  /** Registers a DCR client in the store; resolves to its id. */
  register(metadata?: Partial<ClientMetadata>, clientId?: string): Promise<string>;
  /** Audit event types recorded so far (after a flush). */
  events(): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts a test server; `now` is real time unless `clock` is given. */
export async function startTestServer(
  options: {
    config?: Partial<AuthServerConfig>;
    routes?: Partial<AuthorizeRoutesOptions>;
    clock?: { now: number };
  } = {},
): Promise<TestServer> {
  const store = await createStore({ url: 'sqlite::memory:' });
  const sink = memorySink();
  const audit = createAuditLogger({ sinks: [sink] });
  const documents = new Map<string, ResolvedClient>();
  const clients: ClientResolver = {
    async resolve(clientId, now, budget) {
      const document = documents.get(clientId);
      if (document !== undefined) {
        // as if never cached: each lookup is a fetch
        await budget?.();
        return document;
      }
      const record = await store.clients.get(clientId, now);
      return record && { clientId, metadata: record.metadata, kind: 'registered', record };
    },
  };
  const now = () => options.clock?.now ?? Math.floor(Date.now() / 1000);
  const server: ServerContext = {
    config: testConfig(options.config),
    store,
    keys: {} as SigningKeys,
    clients,
    audit,
    log: pino({ level: 'silent' }),
    now,
  };
  const user = await addUser(store.users, {
    username: 'alice',
    password: PASSWORD,
    now: now(),
    cost: { N: 1024, r: 8, p: 1 },
  });
  const app = new Koa();
  app.use(authorizeRoutes(server, { sessionSecret: TEST_SECRET, ...options.routes }).routes());
  const listener = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => listener.once('listening', () => resolve()));
  const { port } = listener.address() as AddressInfo;
  let counter = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    store,
    sink,
    documents,
    userId: user.id,
    async register(metadata = {}, clientId = `client-${++counter}`) {
      await store.clients.create(
        { clientId, metadata: clientMetadata(metadata), clientIdIssuedAt: now() },
        { now: now(), maxActive: 1000 },
      );
      return clientId;
    },
    async events() {
      await audit.flush();
      return sink.records.map((record) => record.type);
    },
    async close() {
      listener.closeAllConnections();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      await audit.close();
      await store.close();
    },
  };
}

/** A PKCE pair for tests. */
export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = generateCodeVerifier();
  return { verifier, challenge: await computeCodeChallenge(verifier) };
}

/**
 * The parameters of a valid authorization request (PKCE S256, one tool scope, the test resource,
 * the loopback redirect URI of `clientMetadata`); `overrides` replace any, `undefined` leaves it out.
 */
export function authorizationParams(
  clientId: string,
  challenge: string,
  overrides: Readonly<Record<string, string | undefined>> = {},
): Record<string, string | undefined> {
  return {
    client_id: clientId,
    redirect_uri: 'http://127.0.0.1:7777/callback',
    response_type: 'code',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: 'mcp:tools:weather',
    resource: RESOURCE,
    state: 'st-1',
    ...overrides,
  };
}

/** `/authorize?…` for a client with sensible defaults; `undefined` values are left out. */
export function authorizeUrl(
  base: string,
  params: Readonly<Record<string, string | undefined>>,
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) query.append(name, value);
  return `${base}/authorize?${query.toString()}`;
}

/** A tiny cookie-keeping HTTP client that never follows redirects. */
export class FormClient {
  readonly cookies = new Map<string, string>();

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(
      await fetch(url, { redirect: 'manual', headers: { ...this.cookieHeader(), ...headers } }),
    );
  }

  async post(
    url: string,
    fields: Readonly<Record<string, string>>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.keep(
      await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...this.cookieHeader(),
          ...headers,
        },
        body: new URLSearchParams(fields).toString(),
      }),
    );
  }

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  private keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }
}

/** The value of a hidden input in a page (values in these pages need no unescaping). */
export function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (match?.[1] === undefined) throw new Error(`no hidden field ${name}`);
  return match[1];
}

/** The query parameters of a redirect's Location. */
export function locationParams(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (location === null) throw new Error(`no Location (status ${response.status})`);
  return new URL(location).searchParams;
}

/** The URL of the "Return to …" link of a request error page, unescaped. */
export function returnLink(html: string): URL {
  const match = /<a class="button" href="([^"]*)"/.exec(html);
  if (match?.[1] === undefined) throw new Error('no return link');
  const href = match[1]
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
  return new URL(href);
}
