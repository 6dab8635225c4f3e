import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCodeChallenge, generateCodeVerifier } from '@gatehouse/pkce';
import { type ClientMetadata, hashClientSecret } from '@gatehouse/registration';
import { pino } from 'pino';
import { validateConfig } from '../config.js';
import type { RawConfig } from '../config-sources.js';
import { newSecret } from '../oauth/secret-hash.js';
import { storeGrantAndCode } from '../routes/authorize/issue-code.js';
import { type RunningAuthServer, type StartOptions, startAuthServer } from '../server.js';
import { postgresDialect } from '../store/test-helpers.js';

export const RESOURCE = 'http://127.0.0.1:3000/mcp';
export const OTHER_RESOURCE = 'http://127.0.0.1:3001/mcp';
const GENEROUS = { points: 100_000, durationSeconds: 60 };

/**
 * A test server on 127.0.0.1 (port 0), `sqlite::memory:`, files in a temp dir; `close()` removes them.
 * `advance(s)` moves the server's clock (codes, grants, refresh tokens; not the JWT `iat`/`exp`).
 */
export async function startTestServer(
  overrides: RawConfig = {},
  options: StartOptions = {},
): Promise<RunningAuthServer & { dir: string; advance(seconds: number): void }> {
  let offset = 0;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-as-'));
  const config = validateConfig({
    dev: true,
    port: 0,
    dataDir: dir,
    databaseUrl: 'sqlite::memory:',
    keyPublishSeconds: 0,
    resources: [
      { uri: RESOURCE, scopes: ['mcp:tools:*', 'mcp:resources:*', 'mcp:prompts:*'] },
      { uri: OTHER_RESOURCE, scopes: ['mcp:tools:*'], accessTokenTtlSeconds: 120 },
    ],
    rateLimits: {
      token: GENEROUS,
      register: GENEROUS,
      authorize: GENEROUS,
      introspect: GENEROUS,
      revoke: GENEROUS,
    },
    ...overrides,
  });
  const server = await startAuthServer(config, {
    log: pino({ level: 'silent' }),
    seedDemoUser: false,
    now: () => Math.floor(Date.now() / 1000) + offset,
    ...options,
  });
  return {
    ...server,
    dir,
    advance: (seconds) => {
      offset += seconds;
    },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A store the endpoint tests run on; see {@link endpointTestStores}. */
export interface EndpointTestStore {
  readonly name: string;
  /** Start options for one test server (its own empty store, closed with the server). */
  options(): Promise<StartOptions>;
  /** Drops what `options` made (PostgreSQL schemas); call once after the servers closed. */
  cleanup(): Promise<void>;
}

/**
 * The stores the endpoint tests run on: `sqlite::memory:` (the test server's default) and
 * PostgreSQL (`GATEHOUSE_TEST_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/test`),
 * one fresh `gh_<random>` schema per server, dropped at cleanup. Use with `describe.each`.
 */
export function endpointTestStores(): EndpointTestStore[] {
  const postgres = postgresDialect();
  return [
    { name: 'sqlite::memory:', options: async () => ({}), cleanup: async () => {} },
    {
      name: 'postgres',
      options: async () => ({ store: await postgres.open() }),
      cleanup: () => postgres.cleanup(),
    },
  ];
}

/** POSTs a form; `basic` adds `client_secret_basic` credentials. */
export function postForm(
  url: string,
  params: Record<string, string>,
  init: { basic?: [string, string]; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...init.headers,
  };
  if (init.basic) {
    const [id, secret] = init.basic.map((part) => encodeURIComponent(part));
    headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  }
  return fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

/** Registers a client directly in the store (an administrator's client, e.g. for client_credentials). */
export async function addClient(
  server: RunningAuthServer,
  metadata: Partial<ClientMetadata> & {
    token_endpoint_auth_method: ClientMetadata['token_endpoint_auth_method'];
  },
  clientId: string = randomUUID(),
): Promise<{ clientId: string; secret: string }> {
  const secret = newSecret();
  const now = server.context.now();
  const confidential = metadata.token_endpoint_auth_method.startsWith('client_secret');
  await server.context.store.clients.create(
    {
      clientId,
      clientIdIssuedAt: now,
      metadata: {
        redirect_uris: ['http://127.0.0.1:9999/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        application_type: 'native',
        ...metadata,
      },
      ...(confidential
        ? { clientSecretHash: await hashClientSecret(secret), clientSecretExpiresAt: 0 }
        : {}),
    },
    { now, maxActive: 0 },
  );
  return { clientId, secret };
}

/** A grant and a code for it, made through the store as `/authorize` would. */
export async function issueTestCode(
  server: RunningAuthServer,
  input: {
    clientId: string;
    redirectUri?: string;
    resource?: string;
    scopes?: string[];
    codeChallenge?: string;
    userId?: string;
  },
): Promise<{ code: string; verifier: string; grantId: string; redirectUri: string }> {
  const verifier = generateCodeVerifier();
  const redirectUri = input.redirectUri ?? 'http://127.0.0.1:9999/callback';
  const { code, grantId } = await storeGrantAndCode(server.context, {
    clientId: input.clientId,
    userId: input.userId ?? 'user-1',
    redirectUri,
    resource: input.resource ?? RESOURCE,
    scopes: input.scopes ?? ['mcp:tools:weather'],
    codeChallenge: input.codeChallenge ?? (await computeCodeChallenge(verifier)),
  });
  return { code, verifier, grantId, redirectUri };
}

/** The audit records written so far (flushed first), from the audit file. */
export async function auditEvents(server: RunningAuthServer): Promise<
  Array<{
    type: string;
    reason?: string;
    actor?: { sub?: string; clientId?: string };
    details?: Record<string, unknown>;
    target?: { type: string; id?: string };
  }>
> {
  await server.context.audit.flush();
  const text = readFileSync(server.context.config.auditFile, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}
