/**
 * The entry point of a benchmark server child process: `serve.ts <kind> <options JSON>`. Starts
 * `servers/<kind>.ts` on 127.0.0.1, reports `ready` with its URL over IPC, answers `prepare`
 * requests (credentials made outside any timing) and stops on `close`.
 */
import type { ChildMessage } from '../harness/child.js';
import type { BenchServer, StartServer } from './bench-server.js';
import { createRunProfiler } from './run-profiler.js';

const [kind, json] = process.argv.slice(2);
const send = (message: ChildMessage): void => {
  process.send?.(message);
};

if (kind === undefined || !/^[a-z0-9-]+$/.test(kind)) {
  send({ type: 'failed', message: `bad server kind ${kind}` });
  process.exit(2);
}

const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
const profiler = profileDir === undefined ? undefined : createRunProfiler(profileDir);

let server: BenchServer;
try {
  const module: { start: StartServer } = await import(`./servers/${kind}.ts`);
  server = await module.start(JSON.parse(json ?? '{}') as Record<string, unknown>);
} catch (error) {
  send({
    type: 'failed',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
}

process.on('message', (message: { type: string; id: number; what: string; count: number }) => {
  if (message.type === 'close') {
    void server.close().finally(() => process.exit(0));
    return;
  }
  if (message.type !== 'prepare') return;
  if (message.what === 'cpu-usage') {
    // CPU time this process has used (user + system, µs): per request, the cost of serving it,
    // which other work on the machine changes far less than it changes requests per second
    const { user, system } = process.cpuUsage();
    const reply = () => send({ type: 'prepared', id: message.id, items: [user + system] });
    if (profiler === undefined) reply();
    else void profiler.beforeOrAfterRun().then(reply);
    return;
  }
  const prepare = server.prepare;
  if (prepare === undefined) {
    send({ type: 'failed', id: message.id, message: `${kind} prepares nothing` });
    return;
  }
  prepare(message.what, message.count).then(
    (items) => send({ type: 'prepared', id: message.id, items }),
    (error: unknown) =>
      send({
        type: 'failed',
        id: message.id,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
// the parent went away: do not linger
process.on('disconnect', () => {
  void server.close().finally(() => process.exit(0));
});
send({ type: 'ready', url: server.url, info: server.info });
