import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * A V8 CPU profiler that covers only the timed runs: the harness reads a server's CPU time just
 * before and just after each run, and each pair of reads starts and stops a profile here, written
 * as `run-<n>.cpuprofile`. Warm-up and the credentials prepared between runs stay out of it.
 */
export function createRunProfiler(dir: string): { beforeOrAfterRun(): Promise<void> } {
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  let running = false;
  let runs = 0;
  return {
    async beforeOrAfterRun() {
      if (!running) {
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        running = true;
        return;
      }
      const { profile } = await session.post('Profiler.stop');
      running = false;
      runs++;
      writeFileSync(
        join(dir, `run-${String(runs).padStart(3, '0')}.cpuprofile`),
        JSON.stringify(profile),
      );
    },
  };
}
