import { type ChildOptions, type ServerChild, startServerChild } from '../harness/child.js';
import type { HttpContender } from '../harness/http-rounds.js';
import { type BenchIssuer, startBenchIssuer } from '../http/issuer.js';
import { checkToolsCall, toolsCallRequests } from '../http/tools-call.js';

/** The servers of scenarios 2, 5 and 6, each in its own process, and the tokens sent to them. */
export interface McpFleet {
  readonly issuer: BenchIssuer;
  /** Running servers by kind (a peer that could not start is absent, see `skipped`). */
  readonly servers: ReadonlyMap<string, ServerChild>;
  /** Why a peer is missing from the results. */
  readonly skipped: string[];
  /** A contender: server `kind` under `tokens` (`'distinct'`: a new token per request). */
  contender(
    kind: string,
    tokens: 'distinct' | 'repeated',
    label: string,
  ): HttpContender | undefined;
  close(): Promise<void>;
}

/** The servers, by kind (`http/servers/<kind>.ts`); a peer that fails to start is skipped. */
const KINDS: readonly { kind: string; peer: boolean }[] = [
  { kind: 'gatehouse-mcp', peer: false },
  { kind: 'gatehouse-mcp-no-audit', peer: false },
  { kind: 'koa-no-auth', peer: false },
  { kind: 'sdk-express', peer: true },
  { kind: 'mcp-auth-express', peer: true },
];

/**
 * Starts the stand-in issuer, mints `tokenPool` distinct tokens, starts every server and checks
 * that each answers a `tools/call` with the tool's result before anything is timed.
 */
export async function startMcpFleet(
  tokenPool: number,
  childOptions: (kind: string) => ChildOptions,
): Promise<McpFleet> {
  const issuer = await startBenchIssuer();
  const distinct = await issuer.mint(tokenPool);
  const repeated = distinct.slice(0, 1);
  const servers = new Map<string, ServerChild>();
  const skipped: string[] = [];
  for (const { kind, peer } of KINDS) {
    try {
      const child = await startServerChild(
        kind,
        { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
        childOptions(kind),
      );
      servers.set(kind, child);
      await checkToolsCall(child.url, repeated[0] as string);
    } catch (error) {
      if (!peer) throw error;
      skipped.push(`${kind}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
      await servers.get(kind)?.close();
      servers.delete(kind);
    }
  }
  return {
    issuer,
    servers,
    skipped,
    contender(kind, tokens, label) {
      const server = servers.get(kind);
      if (server === undefined) return undefined;
      const pool = tokens === 'distinct' ? distinct : repeated;
      return {
        id: `${kind}/${tokens}`,
        label,
        origin: new URL(server.url).origin,
        requests: async () => toolsCallRequests(pool),
        cpuMicros: server.cpuMicros,
      };
    },
    async close() {
      await Promise.all([...servers.values()].map((server) => server.close()));
      await issuer.close();
    },
  };
}
