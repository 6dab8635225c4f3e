import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type RunningAuthServer,
  type StartOptions,
  startAuthServer,
  validateConfig as validateAuthConfig,
} from '@gatehouse/auth-server';
import {
  type RunningResourceServer,
  startResourceServer,
  validateConfig as validateMcpConfig,
} from '@gatehouse/resource-server';
import { freePort } from '../free-port.js';

/** The scopes the authorization server may grant for the sample MCP server (its default resource). */
export const MCP_SCOPES = [
  'mcp:tools:*',
  'mcp:resources:*',
  'mcp:prompts:*',
  'mcp:exec:workflows:*',
];

/** Both apps running in this process, on 127.0.0.1, with their files in a temp dir. */
export interface Stack {
  /** The MCP endpoint (the resource). */
  mcpUrl: string;
  issuer: string;
  /** The demo user seeded on first start (fresh data dir, so always). */
  user: { username: string; password: string };
  auth: RunningAuthServer;
  mcp: RunningResourceServer;
  /** The audit logs of both apps. */
  auditFiles: { auth: string; mcp: string };
  dir: string;
  /** Stops both (resource server first), then removes the temp dir unless `keepFiles`. */
  close(options?: { keepFiles?: boolean }): Promise<void>;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Authorization server settings over the defaults (e.g. `rateLimits`). */
  auth?: Record<string, unknown>;
  /** Resource server settings over the defaults (e.g. `introspectionUrl`, `sessions`). */
  mcp?: Record<string, unknown>;
  /** More resources the authorization server issues tokens for (besides the MCP server). */
  resources?: { uri: string; scopes: string[]; accessTokenTtlSeconds?: number }[];
  /** pino level of the authorization server's log (stdout). Default `silent`. */
  authLogLevel?: string;
  /** Level of the resource server's log. Default `silent`. */
  mcpLogLevel?: string;
}

/**
 * Starts the authorization server and the sample MCP server in this process as `pnpm start` runs
 * them (`--dev`, SQLite, keys made on first start, the demo user seeded), but on free ports and with
 * a fresh temp data dir, so that the demo user's password is known.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      // The port picked for the MCP server was taken in between (rare): pick another.
      if ((error as { code?: unknown }).code !== 'EADDRINUSE' || attempt === 3) throw error;
    }
  }
}

async function startOnce(options: StackOptions): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-stack-'));
  const mcpPort = await freePort();
  const mcpUrl = `http://127.0.0.1:${mcpPort}/mcp`;
  const auditFiles = { auth: join(dir, 'auth', 'audit.log'), mcp: join(dir, 'mcp-audit.log') };
  let auth: RunningAuthServer | undefined;
  try {
    auth = await startAuthServer(
      validateAuthConfig({
        dev: true,
        port: 0,
        dataDir: join(dir, 'auth'),
        auditFile: auditFiles.auth,
        keyPublishSeconds: 0,
        resources: [
          { uri: mcpUrl, scopes: MCP_SCOPES, name: 'Gatehouse sample MCP server' },
          ...(options.resources ?? []),
        ],
        ...options.auth,
      }),
      { log: pinoLogger(options.authLogLevel ?? 'silent') },
    );
    if (auth.demoUser === undefined) throw new Error('the demo user was not seeded');
    const mcp = await startResourceServer(
      validateMcpConfig({
        dev: true,
        port: mcpPort,
        issuer: auth.url,
        auditFile: auditFiles.mcp,
        logLevel: options.mcpLogLevel ?? 'silent',
        ...options.mcp,
      }),
      { drainMs: 500 },
    );
    const running = auth;
    return {
      mcpUrl: mcp.url,
      issuer: running.url,
      user: { ...auth.demoUser },
      auth: running,
      mcp,
      auditFiles,
      dir,
      close: async ({ keepFiles = false } = {}) => {
        await mcp.close();
        await running.close();
        if (!keepFiles) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await auth?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

type Logger = NonNullable<StartOptions['log']>;

/** pino, resolved from the authorization server's own dependencies (e2e does not depend on it). */
function pinoLogger(level: string): Logger {
  const app = createRequire(import.meta.url).resolve('@gatehouse/auth-server/package.json');
  const pino = createRequire(app)('pino') as (options: { level: string; name: string }) => Logger;
  return pino({ level, name: 'gatehouse-auth' });
}
