/**
 * `node --import tsx profile-summary.ts <file.cpuprofile or folder> ... [top]`: where V8 CPU profiles
 * (written by `pnpm bench --cpu-prof`, one per timed run) spent their busy time (idle excluded): self
 * time per package and per function, and time per function with its callees. Used to find the hot spots behind a missed target.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/.pnpm/<x>/node_modules/<pkg>/...` -> pkg; `packages/<x>/` -> @gatehouse/<x>. */
function packageOf(url: string): string {
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (workspace !== null) return `@gatehouse/${workspace[2]}`;
  return url.split('/').slice(-2).join('/');
}

const args = process.argv.slice(2);
const top = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 25;
const files = args.flatMap((path) =>
  statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => name.endsWith('.cpuprofile'))
        .map((name) => join(path, name))
    : [path],
);
if (files.length === 0) {
  console.error('usage: profile-summary.ts <file.cpuprofile or folder> ... [top]');
  process.exit(2);
}

/** Self time per call frame, and time per call frame including its callees (counted once per stack). */
const self = new Map<string, { frame: ProfileNode['callFrame']; time: number }>();
const inclusive = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  profile.samples.forEach((id, index) => {
    const time = profile.timeDeltas[index] ?? 0;
    const frame = byId.get(id)?.callFrame;
    // percentages of the busy time: a server is idle while the other contenders are measured
    if (frame === undefined || frame.functionName === '(idle)') return;
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const callFrame = byId.get(at)?.callFrame;
      // the profiler stopping itself (its last sample also carries the quiet time since the run
      // ended): not the server's work
      if (callFrame?.url.endsWith('http/run-profiler.ts')) return;
      if (callFrame !== undefined) onStack.add(frameKey(callFrame));
    }
    total += time;
    const key = frameKey(frame);
    const entry = self.get(key) ?? { frame, time: 0 };
    entry.time += time;
    self.set(key, entry);
    for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + time);
  });
}

function frameKey(frame: ProfileNode['callFrame']): string {
  const where =
    frame.url === '' ? '' : ` ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'}${where}`;
}

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [key, { frame, time }] of self) {
  byFunction.set(key, time);
  const pkg = ['(program)', '(garbage collector)'].includes(frame.functionName)
    ? frame.functionName
    : packageOf(frame.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
}
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (% of ${(total / 1e6).toFixed(2)} s busy, idle excluded)`);
  for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((time / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
};
print('self time by package', byPackage);
print('self time by function', byFunction);
print('time by function with its callees', inclusive);
