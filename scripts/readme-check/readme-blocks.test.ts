import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { type BlockReport, checkBlocks } from './check.js';
import { blockId, collectBlocks } from './sources.js';

/**
 * Every fenced `ts` block of every README (and of `docs/`) type-checks against the built packages
 * and, unless it opts out with a reason, runs. One test per block, named `README.md:<line>`.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const blocks = collectBlocks(root);
let reports = new Map<string, BlockReport>();
let general: string[] = [];

beforeAll(async () => {
  const result = await checkBlocks(root, blocks);
  reports = new Map(result.reports.map((report) => [blockId(report.block), report]));
  general = result.general;
});

test('the README blocks are found and the compiler setup is sound', () => {
  expect(blocks.length).toBeGreaterThan(0);
  expect(general.join('\n')).toBe('');
});

describe.each([...new Set(blocks.map((block) => block.file))])('%s', (file) => {
  for (const block of blocks.filter((candidate) => candidate.file === file)) {
    const label =
      block.mode === 'skip'
        ? ` (not checked: ${block.reason})`
        : block.mode === 'check-only'
          ? ` (type-checked, not run: ${block.reason})`
          : '';
    test(`${blockId(block)}${label}`, () => {
      const problems = reports.get(blockId(block))?.problems ?? ['not checked'];
      if (problems.length > 0) throw new Error(`\n${problems.join('\n')}`);
    });
  }
});
