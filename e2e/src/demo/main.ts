import { parseArgs } from 'node:util';
import { formatStep, formatSummary, styleFor } from './report.js';
import { createDemoSession, type DemoTarget } from './session.js';
import { type Stack, startStack } from './stack.js';
import { runStory } from './story.js';
import { CREDENTIALS_HELP, defaultMcpUrl, probeRunning, runningCredentials } from './target.js';

const HELP = `pnpm demo [--self-start] [--url <mcp url>]

The whole MCP authorization story, with the official MCP SDK client and a scripted login and consent:
401 -> PRM -> AS metadata -> registration -> authorization (PKCE) -> consent -> token -> tool call ->
403 step-up -> re-consent -> success -> refresh -> revoke -> 401. Each step is printed with its HTTP
exchanges and timings; the exit code is 1 when a step deviates from the story.

It runs against the servers of \`pnpm start\` when they answer (${defaultMcpUrl()}), or else starts
both apps itself (in this process, free ports, a temp data dir removed at the end).

  --self-start   start servers of its own even when others are running
  --url <url>    the MCP endpoint of running servers (or GATEHOUSE_DEMO_MCP_URL)

${CREDENTIALS_HELP}
`;

/** Runs the demo; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'self-start': { type: 'boolean' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const style = styleFor(process.stdout);
  const out = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
  const mcpUrl = values.url ?? defaultMcpUrl();
  let stack: Stack | undefined;
  let target: DemoTarget;
  let where: string;
  const issuer = values['self-start'] ? undefined : await probeRunning(mcpUrl);
  if (issuer !== undefined) {
    const user = runningCredentials();
    if (user === undefined) {
      process.stderr.write(
        `An MCP server answers at ${mcpUrl}, but no demo login is known.\n\n${CREDENTIALS_HELP}\n`,
      );
      return 2;
    }
    target = { mcpUrl, user };
    where = `running servers (issuer ${issuer})`;
  } else {
    stack = await startStack();
    target = { mcpUrl: stack.mcpUrl, user: stack.user };
    where = `servers started by the demo (issuer ${stack.issuer}, temp data dir)`;
  }
  out([
    style.bold('Gatehouse demo: MCP authorization with the official MCP SDK client'),
    `   MCP server  ${target.mcpUrl}`,
    `   against     ${where}`,
    `   user        ${target.user.username} (scripted login and consent over HTTP)`,
  ]);
  const session = createDemoSession(target);
  const origins = { mcp: new URL(target.mcpUrl).origin };
  const started = performance.now();
  try {
    const reports = await runStory(session, (report, index) =>
      out(formatStep(report, index, origins, style)),
    );
    out(formatSummary(reports, performance.now() - started, style));
    return reports.some((report) => report.error !== undefined) ? 1 : 0;
  } finally {
    await session.close().catch(() => {});
    await stack?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
