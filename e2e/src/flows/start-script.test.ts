import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSession } from '../demo/session.js';
import { runStory } from '../demo/story.js';
import { probeRunning, repositoryRoot, runningCredentials } from '../demo/target.js';
import { freePort } from '../free-port.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

const running: ChildProcess[] = [];

/** `node scripts/start.mjs` (what `pnpm start` runs once the apps are built) on the given ports. */
function startScript(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [join(repositoryRoot(), 'scripts', 'start.mjs')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exit };
}

async function until(started: Started, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline || started.child.exitCode !== null) {
      throw new Error(`"${text}" never came:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('pnpm start (scripts/start.mjs) and pnpm demo against it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-start-'));
  let env: Record<string, string>;

  beforeAll(async () => {
    const auth = await freePort();
    let mcp = await freePort();
    while (mcp === auth) mcp = await freePort();
    env = {
      GATEHOUSE_PORT: String(auth),
      GATEHOUSE_MCP_PORT: String(mcp),
      GATEHOUSE_DATA_DIR: dataDir,
      NO_COLOR: '1',
    };
  });
  afterAll(async () => {
    // A failed test may leave a script running: SIGTERM stops it and both apps cleanly.
    for (const child of running) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts both apps, shows the login once, answers 401 + PRM, runs the demo, stops on SIGINT', async () => {
    const first = startScript(env);
    await until(first, 'Ctrl-C stops both servers.');
    const mcpUrl = `http://127.0.0.1:${env.GATEHOUSE_MCP_PORT}/mcp`;
    expect(first.output()).toContain(`MCP server    ${mcpUrl}`);
    expect(first.output()).toMatch(/Demo login {4}demo \/ \S{16,}/);
    expect(statSync(join(dataDir, 'demo-login.json')).mode & 0o777).toBe(0o600);

    const anonymous = await fetch(mcpUrl, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('resource_metadata=');
    expect(await probeRunning(mcpUrl)).toBe(`http://127.0.0.1:${env.GATEHOUSE_PORT}`);

    // `pnpm demo` against these servers: the login comes from <data dir>/demo-login.json.
    const user = runningCredentials({ GATEHOUSE_DATA_DIR: dataDir });
    expect(user?.username).toBe('demo');
    const session = createDemoSession({ mcpUrl, user: user ?? { username: '', password: '' } });
    const reports = await runStory(session);
    await session.close();
    expect(reports.map((report) => report.error?.message ?? 'ok')).toEqual(reports.map(() => 'ok'));

    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
    expect(first.output()).toContain('MCP server stopped');
    expect(first.output()).toContain('authorization server stopped');
    expect(await probeRunning(mcpUrl)).toBeUndefined();

    // A second start on the same data: the password is not shown again.
    const second = startScript(env);
    await until(second, 'Ctrl-C stops both servers.');
    expect(second.output()).toContain('password shown on the first start');
    expect(second.output()).not.toContain(user?.password ?? '-');
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 120_000);

  it('refuses to start when a port is taken, and says which', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(Number(env.GATEHOUSE_MCP_PORT), '127.0.0.1', resolve),
    );
    try {
      const started = startScript(env);
      expect(await started.exit).toBe(1);
      expect(started.output()).toContain(
        `Port ${env.GATEHOUSE_MCP_PORT} (the MCP server) is in use`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
