// The build step of `pnpm start` (`node scripts/start.mjs --build`): both apps and the packages they
// use, through turbo. Says what it does first (the first build takes a minute or two and turbo prints
// nothing meanwhile), keeps turbo's output on success, and prints it all if the build fails.
import { spawn } from 'node:child_process';

const FILTERS = ['--filter=@gatehouse/auth-server...', '--filter=@gatehouse/resource-server...'];

/**
 * Builds the apps `pnpm start` runs. Resolves when the build succeeded; on failure writes turbo's
 * output to stderr and exits the process with turbo's exit code.
 *
 * @param {string} root the repository root
 * @returns {Promise<void>}
 */
export async function buildApps(root) {
  process.stdout.write(
    'Building the packages and apps (the first time takes a minute or two; later starts reuse the cache)…\n',
  );
  const started = Date.now();
  const child = spawn(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', ...FILTERS, '--output-logs=errors-only'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' },
  );
  /** @type {Buffer[]} */
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  const code = await new Promise((resolve) => {
    child.on('error', (error) => {
      output.push(Buffer.from(`${error.message}\n`));
      resolve(1);
    });
    child.on('close', (exitCode, signal) => resolve(signal === null ? (exitCode ?? 1) : 1));
  });
  const text = Buffer.concat(output).toString('utf8');
  if (code !== 0) {
    process.stderr.write(`${text}\nThe build failed (turbo exited with ${code}).\n`);
    process.exit(typeof code === 'number' && code > 0 ? code : 1);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const tasks = /Tasks:\s+(\d+) successful/.exec(text)?.[1];
  const cached = /Cached:\s+(\d+) cached/.exec(text)?.[1];
  const detail =
    tasks === undefined
      ? ''
      : `, ${tasks} tasks${cached === undefined ? '' : `, ${cached} cached`}`;
  process.stdout.write(`Built in ${seconds} s${detail}.\n`);
}
