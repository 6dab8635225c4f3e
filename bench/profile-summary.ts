/**
 * `node --import tsx profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile (written by
 * `pnpm bench --cpu-prof`) spent its busy time (idle excluded): self time per function and per
 * package. Used to find the hot spots behind a missed target.
 */
import { readFileSync } from 'node:fs';

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

const [file, topArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
profile.samples.forEach((id, index) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const idleIds = new Set(
  profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id),
);
// percentages of the busy time: a server is idle while the other contenders are measured
const total = [...self].reduce((sum, [id, time]) => (idleIds.has(id) ? sum : sum + time), 0);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, time] of self) {
  if (idleIds.has(id)) continue;
  const frame = byId.get(id)?.callFrame;
  if (frame === undefined) continue;
  const where =
    frame.url === '' ? '' : ` ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  const key = `${frame.functionName || '(anonymous)'}${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  const pkg = ['(idle)', '(program)', '(garbage collector)'].includes(frame.functionName)
    ? frame.functionName
    : packageOf(frame.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
}
const top = Number(topArg ?? 25);
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (% of ${(total / 1e6).toFixed(2)} s busy, idle excluded)`);
  for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((time / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
};
print('self time by package', byPackage);
print('self time by function', byFunction);
