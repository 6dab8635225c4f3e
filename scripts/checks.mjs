// `pnpm test`, first half: `turbo run lint typecheck` with one progress line per task as it starts
// (turbo's `hash-only` output, reworded) and, for a task that fails, its whole log, printed once
// turbo is done. Arguments are passed on to turbo (`node scripts/checks.mjs --filter=@gatehouse/pkce`).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const TASK_START = /^(\S+):(\S+): cache (hit|miss|bypass)\b/;
const FAILED = /(?:Failed:\s+|^)(@?[\w./-]+)#([\w:-]+)\s*$/;
const started = Date.now();

/** Workspace package name -> folder, to find the log turbo kept for a failed task. */
function packageFolders() {
  const folders = new Map();
  for (const parent of ['packages', 'apps', '.']) {
    const base = join(root, parent);
    const names = parent === '.' ? ['bench', 'e2e'] : existsSync(base) ? readdirSync(base) : [];
    for (const name of names) {
      const manifest = join(base, name, 'package.json');
      if (!existsSync(manifest)) continue;
      folders.set(JSON.parse(readFileSync(manifest, 'utf8')).name, join(base, name));
    }
  }
  return folders;
}

function elapsed() {
  return `${String(Math.round((Date.now() - started) / 1000)).padStart(3)}s`;
}

const failed = new Set();
const child = spawn(
  'turbo',
  ['run', 'lint', 'typecheck', '--output-logs=hash-only', ...process.argv.slice(2)],
  {
    cwd: root,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
for (const stream of [child.stdout, child.stderr]) {
  createInterface({ input: stream }).on('line', (line) => {
    const plain = stripVTControlCharacters(line);
    const start = TASK_START.exec(plain);
    if (start) {
      const [, pkg, task, cache] = start;
      console.log(`${elapsed()} ${cache === 'hit' ? 'cached ' : 'running'} ${pkg} ${task}`);
      return;
    }
    const failure = FAILED.exec(plain.trim());
    if (failure) failed.add(`${failure[1]}#${failure[2]}`);
    if (plain.trim() !== '' && !plain.includes('•')) console.log(line);
  });
}
child.on('close', (code) => {
  const folders = packageFolders();
  for (const id of failed) {
    const [pkg, task] = id.split('#');
    const log = join(folders.get(pkg) ?? '', '.turbo', `turbo-${task}.log`);
    console.log(`\n──── ${pkg} ${task} failed; its log (${log.slice(root.length)}):`);
    console.log(existsSync(log) ? readFileSync(log, 'utf8').trimEnd() : '(no log kept)');
  }
  console.log(`lint and typecheck ${code === 0 ? 'passed' : 'FAILED'} in ${elapsed().trim()}\n`);
  process.exitCode = code ?? 1;
});
