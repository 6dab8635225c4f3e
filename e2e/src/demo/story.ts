import { DemoDeviation } from './deviation.js';
import type { Exchange } from './http-log.js';
import type { DemoSession } from './session.js';
import { callWeather, connectAndAuthorize } from './steps-authorize.js';
import { refreshTokens, revokeTokens } from './steps-refresh-revoke.js';
import { reconsentAndRetry, stepUpChallenge } from './steps-step-up.js';

/** One step of the MCP authorization story. */
export interface DemoStep {
  title: string;
  /** The phases of the story it covers. */
  phases: string;
  /** Runs the step; resolves to lines worth printing, or rejects (a deviation). */
  run(session: DemoSession): Promise<string[]>;
}

/** The whole story, in order: each step starts from the state the previous one left. */
export const STORY: readonly DemoStep[] = [
  {
    title: 'Connect and authorize',
    phases: '401 -> PRM -> AS metadata -> registration -> authorization (PKCE) -> consent -> token',
    run: connectAndAuthorize,
  },
  { title: 'Tool call', phases: 'tools/list -> tools/call weather', run: callWeather },
  {
    title: 'Step-up',
    phases: 'tools/call run_workflow -> 403 insufficient_scope',
    run: stepUpChallenge,
  },
  {
    title: 'Re-consent',
    phases: 're-authorization with the wider scope -> consent -> token -> success',
    run: reconsentAndRetry,
  },
  { title: 'Refresh', phases: 'refresh_token grant (rotation) -> tools/call', run: refreshTokens },
  { title: 'Revoke', phases: 'revocation -> refresh refused -> 401', run: revokeTokens },
];

/** What a step did. */
export interface StepReport {
  title: string;
  phases: string;
  ms: number;
  exchanges: Exchange[];
  facts: string[];
  /** Set when the step deviated from the story (the story stops there). */
  error?: Error;
}

/** Runs one step, timing it and collecting its exchanges; never throws. */
export async function runStep(session: DemoSession, step: DemoStep): Promise<StepReport> {
  session.log.step(step.title);
  const start = session.log.exchanges.length;
  const started = performance.now();
  let facts: string[] = [];
  let error: Error | undefined;
  try {
    facts = await step.run(session);
  } catch (failure) {
    error =
      failure instanceof DemoDeviation
        ? failure
        : new DemoDeviation(String((failure as Error)?.message ?? failure), { cause: failure });
  }
  return {
    title: step.title,
    phases: step.phases,
    ms: performance.now() - started,
    exchanges: session.log.since(start),
    facts,
    ...(error === undefined ? {} : { error }),
  };
}

/** Runs the story until a step deviates; `onStep` sees each report as it is made. */
export async function runStory(
  session: DemoSession,
  onStep: (report: StepReport, index: number) => void = () => {},
): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (const step of STORY) {
    const report = await runStep(session, step);
    reports.push(report);
    onStep(report, reports.length - 1);
    if (report.error !== undefined) break;
  }
  return reports;
}
