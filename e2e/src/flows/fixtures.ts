import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClientSecret, hashClientSecret } from '@gatehouse/registration';
import {
  type RunningResourceServer,
  startResourceServer,
  validateConfig,
} from '@gatehouse/resource-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { MCP_SCOPES, type Stack, type StackOptions, startStack } from '../demo/stack.js';

const GENEROUS = { points: 100_000, durationSeconds: 60 };

/** A stack for tests: rate limits out of the way (every request comes from 127.0.0.1). */
export function startTestStack(options: StackOptions = {}): Promise<Stack> {
  return startStack({
    ...options,
    auth: {
      rateLimits: {
        token: GENEROUS,
        register: GENEROUS,
        authorize: GENEROUS,
        introspect: GENEROUS,
        revoke: GENEROUS,
      },
      ...options.auth,
    },
  });
}

/** An authorization server resource entry for a second MCP server on `port`. */
export function resourceAt(port: number): { uri: string; scopes: string[] } {
  return { uri: `http://127.0.0.1:${port}/mcp`, scopes: MCP_SCOPES };
}

/** Another instance of the sample MCP server trusting the stack's issuer (stopped with `close`). */
export async function startMcpServer(
  stack: Stack,
  port: number,
  settings: Record<string, unknown> = {},
): Promise<RunningResourceServer> {
  return startResourceServer(
    validateConfig({
      dev: true,
      port,
      issuer: stack.issuer,
      auditFile: join(stack.dir, `mcp-${port}-audit.log`),
      logLevel: 'silent',
      ...settings,
    }),
    { drainMs: 500 },
  );
}

/**
 * A confidential client made by the administrator (in the store, as `gatehouse-auth` would), for a
 * resource server that introspects tokens (`client_secret_basic`). The authorization server lets it
 * introspect only when its id is in `introspectionClients` (start the stack with
 * `auth: { introspectionClients: [id] }`).
 */
export async function addIntrospectionClient(
  stack: Stack,
  id = `introspection-${randomUUID()}`,
): Promise<{ id: string; secret: string }> {
  const { store, now } = stack.auth.context;
  const secret = generateClientSecret();
  await store.clients.create(
    {
      clientId: id,
      clientIdIssuedAt: now(),
      metadata: {
        client_name: 'MCP server (introspection)',
        redirect_uris: [],
        grant_types: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
        application_type: 'web',
      },
      clientSecretHash: await hashClientSecret(secret),
      clientSecretExpiresAt: 0,
    },
    { now: now(), maxActive: 0 },
  );
  return { id, secret };
}

/** A connected SDK client that sends `token` as its bearer token (no OAuth provider). */
export async function connectWithToken(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

/** A raw JSON-RPC POST to an MCP endpoint. */
export function postRpc(
  url: string,
  token: string | undefined,
  body: unknown,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(url, {
    method: init.method ?? 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...init.headers,
    },
    ...(init.method === undefined || init.method === 'POST' ? { body: JSON.stringify(body) } : {}),
  });
}

/** One audit record, as the file sinks write it. */
export interface AuditLine {
  seq: number;
  type: string;
  outcome: string;
  reason?: string;
  actor?: { sub?: string; clientId?: string };
  target?: { type: string; id?: string };
  details?: Record<string, unknown>;
}

/** Flushes both apps' audit logs and reads them. */
export async function auditOf(
  stack: Stack,
  mcp: RunningResourceServer = stack.mcp,
  mcpFile: string = stack.auditFiles.mcp,
): Promise<{ auth: AuditLine[]; mcp: AuditLine[] }> {
  await stack.auth.context.audit.flush();
  await mcp.audit.flush();
  return { auth: readAudit(stack.auditFiles.auth), mcp: readAudit(mcpFile) };
}

function readAudit(file: string): AuditLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditLine);
}
