import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Preloaded into every run: connections, lookups and fetches beyond loopback fail. */
export const LOOPBACK_ONLY = fileURLToPath(new URL('./loopback-only.mjs', import.meta.url));

export interface RunResult {
  ok: boolean;
  /** Why it failed: the exit code or the timeout, then the end of its output. */
  detail: string;
}

const OUTPUT_CAP = 16_384;

/**
 * Runs one block's JavaScript module with Node in `cwd`, network limited to loopback. It passes when
 * it exits with code 0 within `timeoutMs`; a block that leaves a server or timer open does not exit
 * and fails on the timeout (its process group is killed).
 */
export function runBlock(file: string, cwd: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['--import', pathToFileURL(LOOPBACK_ONLY).href, file], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_CAP);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const tail = output.trim().split('\n').slice(-25).join('\n    ');
      if (timedOut) {
        resolve({
          ok: false,
          detail:
            `did not exit within ${timeoutMs / 1000} s (a server, socket or timer left open? close it,` +
            ` or opt out with "skip-run (reason)")${tail ? `\n    ${tail}` : ''}`,
        });
      } else if (code !== 0) {
        resolve({
          ok: false,
          detail: `exited with ${code ?? signal}${tail ? `\n    ${tail}` : ''}`,
        });
      } else {
        resolve({ ok: true, detail: '' });
      }
    });
  });
}

/** Runs `tasks` with at most `limit` at a time, results in input order. */
export async function inPool<T>(
  limit: number,
  tasks: ReadonlyArray<() => Promise<T>>,
): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
