import { describe, expect, it } from 'vitest';
import { extractBlocks } from './extract.js';

const md = (...lines: string[]): string => lines.join('\n');

describe('extractBlocks', () => {
  it('finds ts and typescript blocks with their fence line, and ignores other languages', () => {
    const blocks = extractBlocks(
      'README.md',
      md(
        '# t',
        '',
        '```sh',
        'npm i x',
        '```',
        '',
        '```ts',
        'const a = 1;',
        '```',
        '```typescript',
        'a;',
        '```',
      ),
    );
    expect(blocks.map(({ line, code, mode }) => ({ line, code, mode }))).toEqual([
      { line: 7, code: 'const a = 1;', mode: 'check-and-run' },
      { line: 10, code: 'a;', mode: 'check-and-run' },
    ]);
  });

  it('reads an opt-out with its reason from the comment right before the fence', () => {
    const [run, skip] = extractBlocks(
      'README.md',
      md(
        '<!-- readme-check: skip-run (starts a server on port 443) -->',
        '```ts',
        'x;',
        '```',
        '<!-- readme-check: skip (pseudo-code) -->',
        '',
        '```ts',
        'y;',
        '```',
      ),
    );
    expect(run).toMatchObject({ mode: 'check-only', reason: 'starts a server on port 443' });
    expect(skip).toMatchObject({ mode: 'skip', reason: 'pseudo-code' });
  });

  it('refuses an opt-out without a reason, or an unknown directive, instead of skipping', () => {
    const blocks = extractBlocks(
      'README.md',
      md(
        '<!-- readme-check: skip-run -->',
        '```ts',
        '```',
        '<!-- readme-check: skip-run () -->',
        '```ts',
        '```',
        '<!-- readme-check: ignore (because) -->',
        '```ts',
        '```',
      ),
    );
    expect(blocks.map((block) => block.mode)).toEqual([
      'check-and-run',
      'check-and-run',
      'check-and-run',
    ]);
    expect(blocks.every((block) => block.directiveError !== undefined)).toBe(true);
  });

  it('does not take a directive that is separated from the fence by text', () => {
    const [block] = extractBlocks(
      'README.md',
      md('<!-- readme-check: skip (x) -->', 'Some prose.', '```ts', 'z;', '```'),
    );
    expect(block?.mode).toBe('check-and-run');
  });

  it('keeps ts fences inside another fence as text, and strips a list indentation', () => {
    const blocks = extractBlocks(
      'docs/a.md',
      md('````md', '```ts', 'no;', '```', '````', '- item', '  ```ts', '  const b = 2;', '  ```'),
    );
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ line: 7, code: 'const b = 2;' });
  });
});
