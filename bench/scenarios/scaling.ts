import {
  type ContenderSummary,
  type HttpContender,
  type HttpRatio,
  measureContenders,
  ratioBetween,
} from '../harness/http-rounds.js';
import type { Profile } from '../harness/profile.js';
import type { McpFleet } from './mcp-fleet.js';

/** Scenario 6: scenario 2 at growing concurrency. */
export interface ScalingResult {
  steps: {
    connections: number;
    durationSeconds: number;
    contenders: ContenderSummary[];
    ratios: HttpRatio[];
  }[];
}

/**
 * The protected endpoint at 1, 10, 100 and 1,000 concurrent connections: Gatehouse (distinct
 * tokens), the no-auth floor and the MCP SDK + jose peer, in the same rounds at each step, so that
 * each step has its own ratios. The 1,000-connection step runs twice as long as the others (see
 * `Profile.scaling`).
 */
export async function runScaling(
  fleet: McpFleet,
  profile: Profile['scaling'],
  log: (line: string) => void,
): Promise<ScalingResult> {
  const contenders = [
    fleet.contender('gatehouse-mcp', 'distinct', 'Gatehouse (distinct tokens)'),
    fleet.contender('koa-no-auth', 'repeated', 'no auth (floor)'),
    fleet.contender('sdk-express', 'distinct', 'MCP SDK + jose (distinct tokens)'),
  ].filter((c): c is HttpContender => c !== undefined);
  const steps: ScalingResult['steps'] = [];
  for (const shape of profile.steps) {
    log(`  ${shape.connections} connection(s)`);
    const summaries = await measureContenders(
      contenders,
      {
        rounds: profile.rounds,
        warmUp: {
          connections: Math.min(shape.connections, 16),
          durationSeconds: profile.warmUpSeconds,
        },
        shape,
      },
      log,
    );
    const ratios = [
      ratioBetween(summaries, 'vs no auth', 'gatehouse-mcp/distinct', 'koa-no-auth/repeated'),
    ];
    if (summaries.has('sdk-express/distinct')) {
      ratios.push(
        ratioBetween(
          summaries,
          'vs MCP SDK + jose',
          'gatehouse-mcp/distinct',
          'sdk-express/distinct',
        ),
      );
    }
    steps.push({
      connections: shape.connections,
      durationSeconds: shape.durationSeconds ?? 0,
      contenders: [...summaries.values()],
      ratios,
    });
  }
  return { steps };
}
