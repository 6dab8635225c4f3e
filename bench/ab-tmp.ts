import * as NEW from '../packages/scopes/src/index.ts';
import * as OLD from '/tmp/scopes-old/packages/scopes/src/index.ts';
const scopes = ['mcp:tools:weather','mcp:tools:search','mcp:tools:calendar','mcp:prompts:summarize','mcp:resources:docs','mcp:exec:workflows:nightly','mcp:svc7:alpha','mcp:svc42:*','mcp:svc150:beta','mcp:svc199:gamma'];
function build(lib: typeof NEW) {
  let b = lib.definePolicy({ cacheSize: 0 });
  for (let i = 0; i < 196; i++) b = b.rule(`mcp:svc${i}:{name}`, ({ name }, { can }) => { can('use', `Service${i}`, { name }); });
  return b.build();
}
const pn = build(NEW); const po = build(OLD as unknown as typeof NEW);
console.log(JSON.stringify(pn.rulesFor({scopes})) === JSON.stringify(po.rulesFor({scopes})), pn.rulesFor({scopes}).length, po.rulesFor({scopes}).length);
function rate(fn: () => unknown, ms = 400) { const end = performance.now() + ms; let n = 0; while (performance.now() < end) { fn(); n++; } return n / ms * 1000; }
const ratios: number[] = [];
for (let r = 0; r < 14; r++) {
  const o = r % 2 ? rate(() => po.abilityFor({ scopes })) : 0; const n = rate(() => pn.abilityFor({ scopes }));
  const o2 = r % 2 ? o : rate(() => po.abilityFor({ scopes }));
  ratios.push(n / o2);
}
ratios.sort((a, b) => a - b); console.log('median ratio new/old', ratios[7]!.toFixed(2), ratios.map((x) => x.toFixed(2)).join(' '));
