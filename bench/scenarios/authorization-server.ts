import { type ChildOptions, type ServerChild, startServerChild } from '../harness/child.js';
import {
  type ContenderSummary,
  type HttpContender,
  type HttpRatio,
  measureContenders,
  ratioBetween,
} from '../harness/http-rounds.js';
import type { LoadRequest } from '../harness/load.js';
import type { Profile } from '../harness/profile.js';
import { codeExchangeBody, type PreparedCode, refreshBody } from '../http/as-client.js';
import { RESOURCE } from '../http/mcp-resource.js';

type Workload = 'codes' | 'refresh';

/** Scenario 4: token endpoint throughput, per workload. */
export interface AuthServerResult {
  workloads: {
    workload: Workload;
    title: string;
    contenders: ContenderSummary[];
    ratios: HttpRatio[];
    skipped: string[];
  }[];
  servers: { id: string; label: string; info: Record<string, unknown> }[];
  skipped: string[];
}

const SERVERS: readonly {
  id: string;
  kind: string;
  options: Record<string, unknown>;
  label: string;
  peer: boolean;
}[] = [
  {
    id: 'gatehouse-file',
    kind: 'gatehouse-auth',
    options: { storage: 'file' },
    label: 'Gatehouse AS, SQLite file (default)',
    peer: false,
  },
  {
    id: 'gatehouse-memory',
    kind: 'gatehouse-auth',
    options: { storage: 'memory' },
    label: 'Gatehouse AS, SQLite in memory',
    peer: false,
  },
  {
    id: 'oidc-provider',
    kind: 'oidc-provider',
    options: {},
    label: 'oidc-provider 9, memory adapter',
    peer: true,
  },
  {
    id: 'sdk-demo',
    kind: 'sdk-demo-auth',
    options: {},
    label: 'MCP SDK demo AS (opaque tokens)',
    peer: true,
  },
];

const TITLES: Record<Workload, string> = {
  codes: 'code exchange (authorization_code + PKCE S256, ES256 JWT access token, refresh token)',
  refresh:
    'refresh rotation (refresh_token grant: new access token, new refresh token, old one spent)',
};

const form = { 'content-type': 'application/x-www-form-urlencoded' };

function requestsOf(items: readonly unknown[], workload: Workload): LoadRequest {
  let index = 0;
  return {
    method: 'POST',
    path: '/token',
    next: () => {
      const item = items[index++ % items.length];
      const body =
        workload === 'codes'
          ? codeExchangeBody(item as PreparedCode, RESOURCE)
          : refreshBody(item as string);
      return { headers: form, body };
    },
  };
}

/** One token request before anything is timed: a 200 with the tokens the workload promises. */
async function check(server: ServerChild, workload: Workload, jwt: boolean): Promise<void> {
  const [item] = await server.prepare<unknown>(workload, 1);
  const request = requestsOf([item], workload).next();
  const response = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: request.headers,
    body: request.body ?? '',
  });
  const body = (await response.json()) as Record<string, unknown>;
  const token = String(body.access_token ?? '');
  const header = jwt
    ? JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString() || '{}')
    : {};
  const ok =
    response.status === 200 &&
    token !== '' &&
    (!jwt || header.alg === 'ES256') &&
    (workload !== 'refresh' ||
      (typeof body.refresh_token === 'string' && body.refresh_token !== item));
  if (!ok)
    throw new Error(
      `${server.name} ${workload}: unexpected answer ${response.status} ${JSON.stringify(body).slice(0, 200)}`,
    );
}

/**
 * Starts the authorization servers (each in its own process), then per workload measures every
 * server that supports it in the same rounds. Each run sends a fixed number of token requests,
 * each consuming a code or refresh token made just before the run, outside the timing.
 */
export async function runAuthorizationServers(
  profile: Profile['authServer'],
  childOptions: (kind: string) => ChildOptions,
  log: (line: string) => void,
): Promise<AuthServerResult> {
  const running = new Map<string, ServerChild>();
  const skipped: string[] = [];
  const result: AuthServerResult = { workloads: [], servers: [], skipped };
  try {
    for (const server of SERVERS) {
      try {
        const child = await startServerChild(server.kind, server.options, childOptions(server.id));
        running.set(server.id, child);
        result.servers.push({ id: server.id, label: server.label, info: child.info });
      } catch (error) {
        if (!server.peer) throw error;
        skipped.push(
          `${server.label}: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
        );
      }
    }
    for (const workload of ['codes', 'refresh'] as const) {
      log(`  ${workload}`);
      const contenders: HttpContender[] = [];
      const notes: string[] = [];
      for (const server of SERVERS) {
        const child = running.get(server.id);
        if (child === undefined) continue;
        try {
          await check(child, workload, server.id !== 'sdk-demo');
        } catch (error) {
          notes.push(`${server.label}: ${error instanceof Error ? error.message : error}`);
          continue;
        }
        contenders.push({
          id: server.id,
          label: server.label,
          origin: child.url,
          requests: async (shape) =>
            requestsOf(
              await child.prepare(workload, (shape.amount ?? 0) + shape.connections * 2),
              workload,
            ),
          cpuMicros: child.cpuMicros,
        });
      }
      const summaries = await measureContenders(
        contenders,
        {
          rounds: profile.rounds,
          warmUp: { connections: profile.connections, amount: profile.warmUpAmount },
          shape: { connections: profile.connections, amount: profile.amount },
        },
        log,
      );
      const ratios: HttpRatio[] = [];
      for (const [subject, baseline, minRatio] of [
        ['gatehouse-file', 'oidc-provider', 1.5],
        ['gatehouse-memory', 'oidc-provider', undefined],
        ['gatehouse-file', 'sdk-demo', undefined],
      ] as const) {
        if (summaries.has(subject) && summaries.has(baseline)) {
          const name = `${subject === 'gatehouse-file' ? 'SQLite file' : 'SQLite memory'} vs ${baseline}`;
          ratios.push(ratioBetween(summaries, name, subject, baseline, minRatio));
        }
      }
      result.workloads.push({
        workload,
        title: TITLES[workload],
        contenders: [...summaries.values()],
        ratios,
        skipped: notes,
      });
    }
  } finally {
    await Promise.all([...running.values()].map((child) => child.close()));
  }
  return result;
}
