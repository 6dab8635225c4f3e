import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeBlock } from './extract.js';
import { inPool, runBlock } from './run-block.js';
import { createSandbox, packageNameOf } from './sandbox.js';
import { blockFileName, blockId } from './sources.js';
import { compilerOptions, importedPackages, toJavaScript, typecheckBlocks } from './typecheck.js';

export interface BlockReport {
  block: CodeBlock;
  /** Every problem found, each starting with `README.md:line`; empty when the block passed. */
  problems: string[];
  ran: boolean;
}

export interface CheckOptions {
  /** Per-block run timeout; default 15 s. */
  timeoutMs?: number;
  /** Blocks run at the same time; default 2. */
  concurrency?: number;
}

/**
 * Checks README blocks as a user would use them: all type-checked in one program against the
 * built packages, then each type-correct block that does not opt out run with Node. Returns one
 * report per block, plus problems that belong to no block (the compiler setup) under `general`.
 */
export async function checkBlocks(
  root: string,
  blocks: readonly CodeBlock[],
  options: CheckOptions = {},
): Promise<{ reports: BlockReport[]; general: string[] }> {
  const checked = blocks.filter((block) => block.mode !== 'skip' && !block.directiveError);
  const packages = new Set(
    checked.flatMap((block) => importedPackages(block.code).map(packageNameOf)),
  );
  packages.delete(undefined);
  const sandbox = createSandbox(root, packages as Set<string>);
  try {
    const typeErrors = typecheckBlocks(
      checked,
      sandbox.blocksDir,
      compilerOptions(root, join(sandbox.dir, 'node_modules', '@types')),
    );
    const general = [...(typeErrors.get('') ?? []), ...sandbox.unresolved];
    const reports: BlockReport[] = blocks.map((block) => ({
      block,
      problems: block.directiveError ? [`${blockId(block)}: ${block.directiveError}`] : [],
      ran: false,
    }));
    for (const report of reports)
      report.problems.push(...(typeErrors.get(blockId(report.block)) ?? []));
    const runnable = reports.filter(
      (report) => report.block.mode === 'check-and-run' && report.problems.length === 0,
    );
    await inPool(
      options.concurrency ?? 2,
      runnable.map((report) => async () => {
        const name = blockFileName(report.block);
        const file = join(sandbox.blocksDir, `${name}.mjs`);
        writeFileSync(file, toJavaScript(report.block.code));
        const result = await runBlock(file, sandbox.workDir(name), options.timeoutMs ?? 15_000);
        report.ran = true;
        if (!result.ok) report.problems.push(`${blockId(report.block)}: run ${result.detail}`);
      }),
    );
    return { reports, general };
  } finally {
    sandbox.dispose();
  }
}
