import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Messages a server child sends (see `http/serve.ts`). */
export type ChildMessage =
  | { type: 'ready'; url: string; info: Record<string, unknown> }
  | { type: 'prepared'; id: number; items: unknown[] }
  | { type: 'failed'; id?: number; message: string };

/** A benchmark server running in its own process, driven over IPC. */
export interface ServerChild {
  readonly name: string;
  /** What the server listens on (an endpoint URL or an issuer). */
  readonly url: string;
  /** What the server reports about itself (versions, storage). */
  readonly info: Record<string, unknown>;
  /** Asks the server to make `count` credentials of a kind (codes, refresh tokens), outside any timing. */
  prepare<T>(what: string, count: number): Promise<T[]>;
  /** CPU time the server process has used so far (user + system), in microseconds. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

export interface ChildOptions {
  /** Write a V8 CPU profile of each timed run of the server into this folder (`http/run-profiler.ts`). */
  cpuProfileDir?: string;
}

/**
 * V8's memory reducer runs full garbage collections in a process that goes quiet after a busy spell
 * (8 s on). Rounds leave each server idle while the others run, so it used to fire inside the
 * server's next run, and a server's CPU per request swung by half depending on whether it ran right
 * after itself. A server under steady load never goes quiet: every server runs without it.
 */
const SERVER_V8_FLAGS = ['--no-memory-reducer'];

const SERVE = fileURLToPath(new URL('../http/serve.ts', import.meta.url));

/**
 * Starts server `kind` (a module in `http/servers/`) in a child process, so that the load generator
 * and the server under load never share an event loop. Resolves once it listens.
 */
export function startServerChild(
  kind: string,
  options: Record<string, unknown> = {},
  childOptions: ChildOptions = {},
): Promise<ServerChild> {
  const env =
    childOptions.cpuProfileDir === undefined
      ? process.env
      : { ...process.env, BENCH_CPU_PROFILE_DIR: childOptions.cpuProfileDir };
  const child = fork(SERVE, [kind, JSON.stringify(options)], {
    execArgv: ['--import', import.meta.resolve('tsx'), ...SERVER_V8_FLAGS],
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`server ${kind} exited (${code}) before it was ready`));
    child.once('exit', onExit);
    child.once('message', (message: ChildMessage) => {
      child.off('exit', onExit);
      if (message.type !== 'ready') {
        child.kill();
        reject(new Error(`server ${kind}: ${message.type === 'failed' ? message.message : '?'}`));
        return;
      }
      resolve(wrap(kind, child, message.url, message.info));
    });
  });
}

function wrap(
  name: string,
  child: ChildProcess,
  url: string,
  info: Record<string, unknown>,
): ServerChild {
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (items: unknown[]) => void; reject: (e: Error) => void }
  >();
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'ready' || message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === 'prepared') waiter?.resolve(message.items);
    else waiter?.reject(new Error(`server ${name}: ${message.message}`));
  });
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error(`server ${name} exited`));
    pending.clear();
  });
  const prepare = <T>(what: string, count: number): Promise<T[]> => {
    const id = nextId++;
    return new Promise<T[]>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (items: unknown[]) => void, reject });
      child.send({ type: 'prepare', id, what, count });
    });
  };
  return {
    name,
    url,
    info,
    prepare,
    cpuMicros: async () => (await prepare<number>('cpu-usage', 0))[0] as number,
    close() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'close' });
      });
    },
  };
}
