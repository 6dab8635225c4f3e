import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Credentials } from './scripted-login.js';

/** Where the demo login comes from when the servers are already running. */
export const CREDENTIALS_HELP = `The demo signs in as a user of the running authorization server. It takes, in order:
  - GATEHOUSE_DEMO_USER (default "demo") and GATEHOUSE_DEMO_PASSWORD, or
  - <data dir>/demo-login.json, which \`pnpm start\` writes on the first start (mode 0600).
Lost the password? Add a user (from the repository root, servers running or not):
  node apps/auth-server/dist/cli.js users add <name> --dev
then run: GATEHOUSE_DEMO_USER=<name> GATEHOUSE_DEMO_PASSWORD=<password> pnpm demo
Or run the demo on servers of its own: pnpm demo --self-start`;

/** The MCP URL `pnpm start` serves (`GATEHOUSE_DEMO_MCP_URL`, or the port in `GATEHOUSE_MCP_PORT`). */
export function defaultMcpUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.GATEHOUSE_DEMO_MCP_URL ?? `http://127.0.0.1:${env.GATEHOUSE_MCP_PORT ?? '3000'}/mcp`;
}

/**
 * Whether an MCP server protected by Gatehouse answers at `mcpUrl`: its Protected Resource Metadata
 * names this resource and an authorization server. Resolves to the issuer, or undefined.
 */
export async function probeRunning(mcpUrl: string): Promise<string | undefined> {
  const url = new URL(mcpUrl);
  const prm = new URL(`/.well-known/oauth-protected-resource${url.pathname}`, url);
  try {
    const response = await fetch(prm, { signal: AbortSignal.timeout(2000) });
    if (response.status !== 200) return undefined;
    const body = (await response.json()) as { resource?: unknown; authorization_servers?: unknown };
    const [issuer] = Array.isArray(body.authorization_servers) ? body.authorization_servers : [];
    return body.resource === mcpUrl && typeof issuer === 'string' ? issuer : undefined;
  } catch {
    return undefined;
  }
}

/** The demo login for running servers: the environment, then `<data dir>/demo-login.json`. */
export function runningCredentials(env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  if (env.GATEHOUSE_DEMO_PASSWORD) {
    return { username: env.GATEHOUSE_DEMO_USER || 'demo', password: env.GATEHOUSE_DEMO_PASSWORD };
  }
  const file = join(dataDir(env), 'demo-login.json');
  if (!existsSync(file)) return undefined;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>;
  if (typeof saved.username !== 'string' || typeof saved.password !== 'string') return undefined;
  return { username: saved.username, password: saved.password };
}

/** `GATEHOUSE_DATA_DIR`, or `data/` at the root of the repository (where `pnpm start` keeps it). */
function dataDir(env: NodeJS.ProcessEnv): string {
  if (env.GATEHOUSE_DATA_DIR) return resolve(repositoryRoot(), env.GATEHOUSE_DATA_DIR);
  return join(repositoryRoot(), 'data');
}

/** The nearest folder above this module with `pnpm-workspace.yaml`. */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the repository root was not found');
    dir = parent;
  }
  return dir;
}
