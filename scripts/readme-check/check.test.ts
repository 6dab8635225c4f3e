import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { checkBlocks } from './check.js';
import type { CodeBlock } from './extract.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const block = (
  line: number,
  code: string,
  mode: CodeBlock['mode'] = 'check-and-run',
): CodeBlock => ({
  file: 'example/README.md',
  line,
  code,
  mode,
  ...(mode === 'check-and-run' ? {} : { reason: 'test' }),
});

it('reports type errors at their README line, runs passing blocks, and reports run failures', async () => {
  const { reports, general } = await checkBlocks(root, [
    block(10, "import { GatehouseError } from '@gatehouse/errors';\nconst n: number = 'x';"),
    block(
      20,
      "import { GatehouseError } from '@gatehouse/errors';\nthrow new GatehouseError('ERR_X', 'boom');",
    ),
    block(
      30,
      "import { GatehouseError } from '@gatehouse/errors';\nnew GatehouseError('ERR_X', 'fine');",
    ),
    block(40, 'undefinedName;', 'skip'),
    block(50, "throw new Error('never run');", 'check-only'),
  ]);
  expect(general).toEqual([]);
  const [typeError, thrown, passed, skipped, checkOnly] = reports;
  expect(typeError?.problems).toHaveLength(1);
  expect(typeError?.problems[0]).toMatch(/^example\/README\.md:12:7 error TS2322/);
  expect(typeError?.ran).toBe(false);
  expect(thrown?.problems[0]).toMatch(/^example\/README\.md:20: run exited with 1[\s\S]*ERR_X/);
  expect(passed).toMatchObject({ problems: [], ran: true });
  expect(skipped).toMatchObject({ problems: [], ran: false });
  expect(checkOnly).toMatchObject({ problems: [], ran: false });
});
