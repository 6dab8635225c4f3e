// `pnpm start`: the authorization server and the protected MCP server, each in its own process, with
// the embedded defaults (--dev on 127.0.0.1, SQLite, keys and the demo user made on the first start,
// all in ./data). Waits until both answer, prints a banner, and relays their logs made readable.
// Ctrl-C (SIGINT) or SIGTERM is passed on to both; they drain, flush their audit logs and exit, then
// so does this script (0). If one of them dies, the other is stopped and the exit code is 1.
//
//   node scripts/start.mjs [--build] [--verbose | --quiet]   (`pnpm start` passes --build)
//   GATEHOUSE_PORT (4000), GATEHOUSE_MCP_PORT (3000), GATEHOUSE_DATA_DIR (./data) move them.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { banner } from './start/banner.mjs';
import { buildApps } from './start/build.mjs';
import { demoLoginIn, saveDemoLogin, savedDemoLogin } from './start/demo-login.mjs';
import { messageOf, readableLine } from './start/log-lines.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    build: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    'pnpm start [--verbose | --quiet]: both Gatehouse apps, with the defaults of --dev.\n' +
      'Logs: requests and warnings (default), everything (--verbose), warnings only (--quiet).\n' +
      '--build builds the apps first (what pnpm start does).\n' +
      'GATEHOUSE_PORT (4000), GATEHOUSE_MCP_PORT (3000) and GATEHOUSE_DATA_DIR (./data) move them.\n',
  );
  process.exit(0);
}
const verbosity = values.verbose ? 'verbose' : values.quiet ? 'quiet' : 'default';
const env = process.env;
const dataDir = resolve(root, env.GATEHOUSE_DATA_DIR || 'data');
const authPort = portOf('GATEHOUSE_PORT', 4000);
const mcpPort = portOf('GATEHOUSE_MCP_PORT', 3000);
const issuer = `http://127.0.0.1:${authPort}`;
const mcpUrl = `http://127.0.0.1:${mcpPort}/mcp`;
const SCOPES = ['mcp:tools:*', 'mcp:resources:*', 'mcp:prompts:*', 'mcp:exec:workflows:*'];

/** @type {{ name: string, process: import('node:child_process').ChildProcess, exited: boolean }[]} */
const children = [];
let stopping = false;
let failed = false;
/** Milestones read from the children's output. */
const seen = new Set();
/** @type {{ username: string, password: string } | undefined} */
let newLogin;

for (const [what, port] of [
  ['authorization server', authPort],
  ['MCP server', mcpPort],
]) {
  if (await inUse(port)) {
    process.stderr.write(
      `Port ${port} (the ${what}) is in use: is \`pnpm start\` already running? ` +
        'Set GATEHOUSE_PORT / GATEHOUSE_MCP_PORT to use other ports.\n',
    );
    process.exit(1);
  }
}
if (values.build) await buildApps(root);
mkdirSync(dataDir, { recursive: true });
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('exit', () => {
  for (const child of children) if (!child.exited) child.process.kill('SIGTERM');
});

// The authorization server first: the MCP server looks its metadata up as it starts.
startChild('auth', ['apps/auth-server/dist/cli.js', 'start', '--dev'], {
  GATEHOUSE_DATA_DIR: dataDir,
  GATEHOUSE_HOST: '127.0.0.1',
  GATEHOUSE_PORT: String(authPort),
  GATEHOUSE_RESOURCES:
    env.GATEHOUSE_RESOURCES ||
    JSON.stringify([{ uri: mcpUrl, name: 'Gatehouse sample MCP server', scopes: SCOPES }]),
});
const authReady = await waitUntil(
  async () =>
    seen.has('auth banner') && (await answers(`${issuer}/.well-known/oauth-authorization-server`)),
  60_000,
);
if (authReady) {
  startChild('mcp', ['apps/resource-server/dist/cli.js', '--dev'], {
    GATEHOUSE_MCP_HOST: '127.0.0.1',
    GATEHOUSE_MCP_PORT: String(mcpPort),
    GATEHOUSE_MCP_ISSUER: issuer,
    GATEHOUSE_MCP_AUDIT_FILE: env.GATEHOUSE_MCP_AUDIT_FILE || join(dataDir, 'resource-audit.log'),
  });
}
// Listening, and the issuer's metadata read (or the warning that it could not be, shown above).
const ready =
  authReady &&
  (await waitUntil(
    async () =>
      seen.has('MCP server listening') &&
      (seen.has('authorization server found') || seen.has('metadata not available')),
    30_000,
  ));
if (!stopping) {
  if (!ready) {
    process.stderr.write('The servers did not start within the time allowed.\n');
    stop('SIGTERM', 1);
  } else {
    if (newLogin) saveDemoLogin(dataDir, newLogin);
    const login = newLogin ?? savedDemoLogin(dataDir);
    process.stdout.write(
      banner({ mcpUrl, issuer, root, dataDir, login, firstStart: newLogin !== undefined }),
    );
  }
}

/**
 * @param {string} name
 * @param {string[]} args
 * @param {Record<string, string>} extraEnv
 */
function startChild(name, args, extraEnv) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: the terminal's Ctrl-C reaches this script only, which passes it on
    // once (a second signal would make an app skip its clean shutdown).
    detached: true,
  });
  const entry = { name, process: child, exited: false };
  children.push(entry);
  createInterface({ input: child.stdout }).on('line', (line) => relay(name, line));
  createInterface({ input: child.stderr }).on('line', (line) => print(name, line));
  child.on('exit', (code, signal) => {
    entry.exited = true;
    if (stopping) {
      if (code !== 0) print(name, `stopped with ${signal ?? `exit code ${code}`}`);
      if (children.every((c) => c.exited)) {
        process.exit(!failed && children.every((c) => c.process.exitCode === 0) ? 0 : 1);
      }
      return;
    }
    print(
      name,
      `exited unexpectedly (${signal ?? `exit code ${code}`}); stopping the other server`,
    );
    stop('SIGTERM', 1);
  });
}

/** @param {string} name @param {string} line */
function relay(name, line) {
  if (name === 'auth') {
    const login = demoLoginIn(line);
    if (login) {
      newLogin = login;
      return; // shown in the banner, never in a log line
    }
    if (line.startsWith('Gatehouse authorization server: ')) {
      seen.add('auth banner');
      return;
    }
    if (/^\s+metadata\s/.test(line)) return;
  }
  const message = messageOf(line);
  if (message === 'MCP server listening' || message === 'authorization server found') {
    seen.add(message);
  } else if (message?.startsWith('authorization server metadata not available')) {
    seen.add('metadata not available');
  }
  const text = readableLine(line, verbosity);
  if (text !== undefined) print(name, text);
}

/** @param {string} name @param {string} text */
function print(name, text) {
  process.stdout.write(`[${name}]${name === 'mcp' ? ' ' : ''} ${text}\n`);
}

/** @param {NodeJS.Signals} signal @param {number} [exitCode] */
function stop(signal, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  failed = exitCode !== 0;
  if (!failed) process.stdout.write('\nStopping both servers...\n');
  for (const child of children) if (!child.exited) child.process.kill(signal);
  setTimeout(() => {
    for (const child of children) if (!child.exited) child.process.kill('SIGKILL');
    process.exit(1);
  }, 15_000).unref();
  if (children.every((c) => c.exited)) process.exit(exitCode);
}

/** @param {() => Promise<boolean>} condition @param {number} timeoutMs */
async function waitUntil(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    if (await condition()) return true;
    await new Promise((done) => setTimeout(done, 150));
  }
  return false;
}

/** @param {string} url */
async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** @param {number} port */
function inUse(port) {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** @param {string} name @param {number} fallback */
function portOf(name, fallback) {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65_535) {
    process.stderr.write(`${name} must be a port number (1 to 65535)\n`);
    process.exit(2);
  }
  return Number(text);
}
