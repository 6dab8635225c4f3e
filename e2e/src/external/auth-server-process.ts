import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appCli } from './app-cli.js';
import { runTool, type ToolRun } from './external-tools.js';

/** The authorization server as users run it: its built CLI. */
const AUTH_CLI = appCli('@gatehouse/auth-server', 'gatehouse-auth');

/** A resource server the authorization server issues tokens for. */
export interface ResourceSetting {
  uri: string;
  scopes: string[];
  accessTokenTtlSeconds?: number;
}

/** An authorization server running in a child process. */
export interface AuthServerProcess {
  issuer: string;
  /** The demo user seeded on first start (its password is printed once). */
  demo: { username: string; password: string };
  /** SIGTERM (graceful shutdown), SIGKILL after 10 s, then the temp dir is removed. */
  close(): Promise<void>;
}

/**
 * Starts `gatehouse-auth --config <file>` in `--dev` mode on 127.0.0.1 (port 0), with an in-memory
 * SQLite store and its files in a temp dir, and reads the issuer and the demo login from its banner.
 */
export async function startAuthServerProcess(
  resources: ResourceSetting[],
): Promise<AuthServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-as-'));
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      dev: true,
      host: '127.0.0.1',
      port: 0,
      dataDir: dir,
      databaseUrl: 'sqlite::memory:',
      keyPublishSeconds: 0,
      resources,
    }),
  );
  const run: ToolRun = runTool(process.execPath, [AUTH_CLI, '--config', config], {
    timeoutMs: 10 * 60_000,
  });
  const cleanUp = async () => {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGTERM');
      const force = setTimeout(() => run.child.kill('SIGKILL'), 10_000);
      await run.done;
      clearTimeout(force);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [, issuer = ''] = await run.waitForLine(
      /^Gatehouse authorization server: (http:\/\/127\.0\.0\.1:\d+)$/,
      20_000,
    );
    const [, username = '', password = ''] = await run.waitForLine(
      /demo login \(shown once, stored only hashed\): (\S+) \/ (\S+)$/,
      5_000,
    );
    return { issuer, demo: { username, password }, close: cleanUp };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** Registers a public client by DCR (`token_endpoint_auth_method: none`), as an MCP client does. */
export async function registerPublicClient(
  issuer: string,
  redirectUri: string,
  clientName: string,
): Promise<string> {
  const response = await fetch(`${issuer}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: clientName,
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  const body = (await response.json()) as { client_id?: unknown };
  if (response.status !== 201 || typeof body.client_id !== 'string') {
    throw new Error(`registration failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.client_id;
}
