import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLogger } from '../index.js';
import { fileSink, verifyAuditLog } from './index.js';

let dir = '';
let child = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-durability-'));
  child = join(dir, 'child.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./durability-child.fixture.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: child,
    logLevel: 'silent',
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs the child until it has acknowledged at least `minAcked` records beyond `from`, kills it with
 * SIGKILL mid-write, and resolves to the highest acknowledged seq.
 */
function runAndKill(path: string, run: string, from: number, minAcked: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, [child, path, run], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acked = from;
    let buffered = '';
    let stderr = '';
    const timeout = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`child acknowledged only up to ${acked} in 12 s: ${stderr}`));
    }, 12_000);
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (match) acked = Math.max(acked, Number(match[1]));
      }
      if (acked - from >= minAcked && !proc.killed) proc.kill('SIGKILL');
    });
    proc.on('exit', (_code, signal) => {
      clearTimeout(timeout);
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`child exited by itself (${signal ?? _code}): ${stderr}`));
    });
  });
}

/**
 * The complete lines of the file. A SIGKILL can cut a write short (the kernel stops copying pages
 * once a fatal signal is pending), leaving a torn last line: never acknowledged, and cut off by the
 * file sink when it next opens the file.
 */
async function completeLines(path: string): Promise<{ lines: string[]; torn: boolean }> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const tail = lines.pop();
  return { lines, torn: tail !== '' };
}

const seqsOf = (lines: string[]): number[] => lines.map((line) => JSON.parse(line).seq as number);
const typesOf = (lines: string[]): string[] => lines.map((line) => JSON.parse(line).type as string);
const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('durability under SIGKILL (fsync: always)', () => {
  it('keeps every acknowledged record, and the chain verifies after a restart', async () => {
    const path = join(dir, 'audit.log');

    const firstAck = await runAndKill(path, 'first', 0, 1500);
    const first = await completeLines(path);
    expect((await verifyAuditLog(first.lines)).ok).toBe(true);
    expect(seqsOf(first.lines).slice(0, firstAck)).toEqual(upTo(firstAck));

    // restart: the chain continues from what is on disk (a torn tail is cut off and recorded)
    const secondAck = await runAndKill(path, 'second', firstAck, 1500);
    const second = await completeLines(path);
    expect((await verifyAuditLog(second.lines)).ok).toBe(true);
    expect(seqsOf(second.lines).slice(0, secondAck)).toEqual(upTo(secondAck));
    expect(typesOf(second.lines).includes('audit.recovered')).toBe(first.torn);

    // and once more, in this process: afterwards the whole file verifies as it is
    const logger = createAuditLogger({ sinks: [fileSink(path)] });
    await logger.close();
    const verdict = await verifyAuditLog(path);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.head?.seq).toBeGreaterThanOrEqual(secondAck);
    const recovered = typesOf((await completeLines(path)).lines).filter(
      (t) => t === 'audit.recovered',
    );
    expect(recovered).toHaveLength(Number(first.torn) + Number(second.torn));
  }, 40_000);
});
