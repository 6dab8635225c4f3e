import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { pino } from 'pino';
import { type RawConfig, validateConfig } from '../index.js';
import { type RunningResourceServer, startResourceServer } from '../server.js';
import {
  startTestAuthorizationServer,
  type TestAuthorizationServer,
} from './test-authorization-server.js';

/** The last HTTP response the SDK client got, for assertions on status and headers. */
export interface Exchange {
  status: number;
  wwwAuthenticate: string | null;
}

/** The resource server started on 127.0.0.1 (port 0) with a stand-in authorization server. */
export interface Fixture {
  as: TestAuthorizationServer;
  server: RunningResourceServer;
  auditFile: string;
  /** A real SDK client connected with `Authorization: Bearer <token>`; `exchanges` logs its responses. */
  connect(token: string): Promise<{ client: Client; exchanges: Exchange[] }>;
  /** A raw JSON-RPC POST to the endpoint (a string body is sent as it is). */
  post(
    token: string | undefined,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** Stops both servers and removes the audit file, unless `keepFiles` (then call `removeFiles`). */
  close(options?: { keepFiles?: boolean }): Promise<void>;
  removeFiles(): void;
}

/**
 * Starts the fixture; `settings` are configuration overrides (validated like the CLI's), or a
 * function of the stand-in authorization server that returns them.
 */
export async function startFixture(
  settings: RawConfig | ((as: TestAuthorizationServer) => RawConfig) = {},
): Promise<Fixture> {
  const as = await startTestAuthorizationServer();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-rs-'));
  const auditFile = join(dir, 'audit.log');
  const config = validateConfig({
    dev: true,
    port: 0,
    issuer: as.issuer,
    auditFile,
    ...(typeof settings === 'function' ? settings(as) : settings),
  });
  const server = await startResourceServer(config, {
    log: pino({ level: 'silent' }),
    drainMs: 500,
  });
  as.useResource(server.url);
  const clients: Client[] = [];
  return {
    as,
    server,
    auditFile,
    async connect(token) {
      const exchanges: Exchange[] = [];
      const recording: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        exchanges.push({
          status: response.status,
          wwwAuthenticate: response.headers.get('www-authenticate'),
        });
        return response;
      };
      const client = new Client({ name: 'resource-server-test', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
        fetch: recording,
      });
      await client.connect(transport);
      clients.push(client);
      return { client, exchanges };
    },
    post: (token, body, headers = {}) =>
      fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close(options = {}) {
      await Promise.allSettled(clients.map((client) => client.close()));
      await server.close();
      await as.close();
      if (options.keepFiles !== true) rmSync(dir, { recursive: true, force: true });
    },
    removeFiles: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A JSON-RPC request. */
export function rpc(method: string, params: Record<string, unknown> = {}, id = 1) {
  return { jsonrpc: '2.0' as const, id, method, params };
}

/** The JSON-RPC messages of a response, JSON or SSE. */
export async function messagesOf(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    return text
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 6)
      .map((line) => JSON.parse(line.slice(6)));
  }
  const value = JSON.parse(text);
  return Array.isArray(value) ? value : [value];
}

/** The text of the first content item of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content;
  return content?.[0]?.text ?? '';
}

/** The JSON of the first (text) content of a `resources/read` result. */
export function jsonContentOf(result: { contents: readonly Record<string, unknown>[] }): unknown {
  const text = result.contents[0]?.text;
  if (typeof text !== 'string') throw new Error('no text content');
  return JSON.parse(text);
}
