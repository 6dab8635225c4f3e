import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** Where a run happened: what a reader needs to weigh absolute numbers. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: other work on the machine. */
  loadAverage: number;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** The libraries compared (and the load generator), as installed for `bench/`. */
const PACKAGES = [
  '@modelcontextprotocol/sdk',
  'mcp-auth',
  'oidc-provider',
  'jose',
  '@casl/ability',
  'express',
  'koa',
  'autocannon',
  'mitata',
  '@gatehouse/tokens',
  '@gatehouse/scopes',
  '@gatehouse/audit',
  '@gatehouse/mcp',
  '@gatehouse/resource-server',
  '@gatehouse/auth-server',
];

/** Installed versions, read from each package's `package.json` under `bench/node_modules`. */
export function installedVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
      versions[name] = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      versions[name] = 'not installed';
    }
  }
  return versions;
}
