import { createMongoAbility } from '@casl/ability';
import { definePolicy, mcpSubject } from '@gatehouse/scopes';
const scopes = ['mcp:tools:weather','mcp:tools:search','mcp:tools:calendar','mcp:prompts:summarize','mcp:resources:docs','mcp:exec:workflows:nightly','mcp:svc7:alpha','mcp:svc42:*','mcp:svc150:beta','mcp:svc199:gamma'];
const policy = definePolicy().build();
const subjects = ['weather','search','shell','calendar'].map((name) => mcpSubject('Tool', { name }));
let t = 0;
const ability = policy.abilityFor({ scopes });
const rules = policy.rulesFor({ scopes });
function time(label: string, fn: () => unknown) {
  for (let i = 0; i < 200000; i++) fn();
  const n = 1_000_000; const s = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ns = Number(process.hrtime.bigint() - s) / n;
  console.log(label.padEnd(40), ns.toFixed(1), 'ns');
}
const map = new Map<string, unknown>();
for (let round = 0; round < 2; round++) {
time('can only', () => ability.can('call', subjects[t++ & 3]!));
time('spread only', () => [...scopes]);
time('join key', () => { const a = [...scopes]; let k = ''; for (let i = 0; i < a.length; i++) { const s = a[i]!; if (s.includes(' ')) return; k = i === 0 ? s : `${k} ${s}`; } return k; });
time('join + map.get', () => { const a = [...scopes]; let k = ''; for (let i = 0; i < a.length; i++) { const s = a[i]!; k = i === 0 ? s : `${k} ${s}`; } return map.get(k); });
time('a.join + map.get', () => { const a = [...scopes]; return map.get(a.join(' ')); });
time('abilityFor fresh', () => policy.abilityFor({ scopes: [...scopes] }));
time('abilityFor fresh + can', () => policy.abilityFor({ scopes: [...scopes] }).can('call', subjects[t++ & 3]!));
time('abilityFor same + can', () => policy.abilityFor({ scopes }).can('call', subjects[t++ & 3]!));
const joined = scopes.join(' ');
time('abilityFor split + can', () => policy.abilityFor({ scopes: joined.split(' ') }).can('call', subjects[t++ & 3]!));
time('split only', () => joined.split(' '));
time('casl per request', () => createMongoAbility(rules).can('call', subjects[t++ & 3]!));
}
