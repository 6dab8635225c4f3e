import { type Comparison, compare, formatResult } from './harness/compare.js';
import { pkceComparisons } from './suites/pkce.js';

/** Every suite, by the name `pnpm bench <name>` selects it with. */
const suites: Record<string, () => Promise<Comparison[]>> = {
  pkce: pkceComparisons,
};

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(
    `unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`,
  );
  process.exit(2);
}

console.log(
  `node ${process.version}, ${process.arch}; each line: median of 3 interleaved rounds\n`,
);
let missed = 0;
for (const [name, load] of Object.entries(suites)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  for (const comparison of await load()) {
    const result = await compare(comparison);
    console.log(`${formatResult(result)}\n`);
    if (result.meetsTarget === false) missed++;
  }
}
console.log(missed === 0 ? 'all targets met' : `${missed} target(s) not met`);
process.exitCode = missed === 0 ? 0 : 1;
