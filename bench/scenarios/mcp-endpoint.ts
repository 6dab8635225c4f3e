import {
  type ContenderSummary,
  type HttpContender,
  type HttpPlan,
  type HttpRatio,
  measureContenders,
  ratioBetween,
} from '../harness/http-rounds.js';
import type { McpFleet } from './mcp-fleet.js';

/** Scenario 2 (and the audit half of scenario 5): every contender measured in the same rounds. */
export interface McpEndpointResult {
  plan: HttpPlan;
  contenders: ContenderSummary[];
  ratios: HttpRatio[];
  skipped: string[];
}

/** Which contenders run, and which ratios are taken between them (with the targets). */
function lineUp(fleet: McpFleet): { contenders: HttpContender[]; pairs: Pair[] } {
  const wanted: [string, 'distinct' | 'repeated', string][] = [
    ['gatehouse-mcp', 'distinct', 'Gatehouse, distinct tokens'],
    ['gatehouse-mcp', 'repeated', 'Gatehouse, one repeated token'],
    ['gatehouse-mcp-no-audit', 'distinct', 'Gatehouse without audit, distinct tokens'],
    ['koa-no-auth', 'repeated', 'No auth (same Koa + SDK server)'],
    ['sdk-express', 'distinct', 'MCP SDK + jose, distinct tokens'],
    ['sdk-express', 'repeated', 'MCP SDK + jose, one repeated token'],
    ['mcp-auth-express', 'distinct', 'mcp-auth, distinct tokens'],
    ['mcp-auth-express', 'repeated', 'mcp-auth, one repeated token'],
  ];
  const contenders = wanted
    .map(([kind, tokens, label]) => fleet.contender(kind, tokens, label))
    .filter((c): c is HttpContender => c !== undefined);
  const ids = new Set(contenders.map((c) => c.id));
  const pairs = PAIRS.filter((pair) => ids.has(pair.subject) && ids.has(pair.baseline));
  return { contenders, pairs };
}

interface Pair {
  name: string;
  subject: string;
  baseline: string;
  minRatio?: number;
}

const PAIRS: Pair[] = [
  {
    name: '2a. vs no auth, distinct tokens',
    subject: 'gatehouse-mcp/distinct',
    baseline: 'koa-no-auth/repeated',
    minRatio: 0.8,
  },
  {
    name: '2a. vs no auth, one repeated token',
    subject: 'gatehouse-mcp/repeated',
    baseline: 'koa-no-auth/repeated',
    minRatio: 0.8,
  },
  {
    name: '2b. vs MCP SDK + jose, distinct tokens',
    subject: 'gatehouse-mcp/distinct',
    baseline: 'sdk-express/distinct',
    minRatio: 1,
  },
  {
    name: '2b. vs MCP SDK + jose, one repeated token',
    subject: 'gatehouse-mcp/repeated',
    baseline: 'sdk-express/repeated',
    minRatio: 1,
  },
  {
    name: '2c. vs mcp-auth, distinct tokens',
    subject: 'gatehouse-mcp/distinct',
    baseline: 'mcp-auth-express/distinct',
  },
  {
    name: '2c. vs mcp-auth, one repeated token',
    subject: 'gatehouse-mcp/repeated',
    baseline: 'mcp-auth-express/repeated',
  },
  {
    name: '5. with audit (file sink) vs without, distinct tokens',
    subject: 'gatehouse-mcp/distinct',
    baseline: 'gatehouse-mcp-no-audit/distinct',
  },
];

/** Runs scenario 2 on a started fleet. */
export async function runMcpEndpoint(
  fleet: McpFleet,
  plan: HttpPlan,
  log: (line: string) => void,
): Promise<McpEndpointResult> {
  const { contenders, pairs } = lineUp(fleet);
  const summaries = await measureContenders(contenders, plan, log);
  return {
    plan,
    contenders: [...summaries.values()],
    ratios: pairs.map((pair) =>
      ratioBetween(summaries, pair.name, pair.subject, pair.baseline, pair.minRatio),
    ),
    skipped: [...fleet.skipped],
  };
}
