import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The outside MCP tools, installed apart from the workspace in `e2e/external-tools` (by
 * `scripts/test-prerequisites.sh`), with the Node.js 22 that the conformance suite needs. That node
 * is only ever run by its path here, never put on the workspace's PATH.
 */
const TOOLS = fileURLToPath(new URL('../../external-tools/node_modules/', import.meta.url));

export const EXTERNAL_TOOLS = Object.freeze({
  node: `${TOOLS}.bin/node`,
  conformance: `${TOOLS}@modelcontextprotocol/conformance/dist/index.js`,
  /**
   * MCP Inspector's CLI mode itself (`build/index.js`): the `mcp-inspector-cli --cli` launcher only
   * re-runs this script with whatever `node` is first on the PATH.
   */
  inspector: `${TOOLS}@modelcontextprotocol/inspector-cli/build/index.js`,
});

/** Throws with the fix when the outside tools are not installed (never skips). */
export function assertExternalToolsInstalled(): void {
  const missing = Object.values(EXTERNAL_TOOLS).filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `outside MCP tools missing (${missing.join(', ')}): run scripts/test-prerequisites.sh`,
    );
  }
}

/** How a child process ended, with everything it wrote. */
export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** A running child: its output so far, and the promise of its end. */
export interface ToolRun {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves with the first whole stdout line matching `pattern` (rejects if the child ends first). */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  done: Promise<ToolResult>;
}

const running = new Set<ChildProcess>();

/**
 * Runs `command args` (loopback-only tools) and kills it with SIGKILL after `timeoutMs`.
 * Every child is tracked until it exits; {@link killAllTools} ends the ones still running.
 */
export function runTool(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; cwd?: string },
): ToolRun {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  let closed = false;
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const done = new Promise<ToolResult>((resolve) => {
    child.once('error', (error) => {
      stderr += String(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      closed = true;
      for (const listener of listeners) listener();
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
  const waitForLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const lines = stdout.split('\n');
        // The last piece is a line still being written, unless the child is gone.
        if (!closed) lines.pop();
        for (const line of lines) {
          const match = line.match(pattern);
          if (match) return finish(() => resolve(match));
        }
        if (closed) {
          finish(() =>
            reject(new Error(`child ended before printing ${pattern}:\n${stdout}\n${stderr}`)),
          );
        }
      };
      const deadline = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(deadline);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });
  return { child, output: () => ({ stdout, stderr }), waitForLine, done };
}

/** Runs one of the outside tools' scripts under their Node.js 22. */
export function runExternalTool(
  script: string,
  args: readonly string[],
  options: { timeoutMs: number; cwd?: string },
): ToolRun {
  return runTool(EXTERNAL_TOOLS.node, [script, ...args], options);
}

/** SIGKILLs every tracked child still running (for `afterAll`). */
export function killAllTools(): void {
  for (const child of running) child.kill('SIGKILL');
}
