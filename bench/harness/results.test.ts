import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadResults } from './results.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('loadResults', () => {
  it('is undefined before any run saved results (what `--render` refuses)', () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-results-'));
    expect(loadResults('full', pathToFileURL(`${dir}/`))).toBeUndefined();
  });

  it('reads the saved results', () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-results-'));
    writeFileSync(join(dir, 'full.json'), JSON.stringify({ profile: 'full', missed: 0 }));
    expect(loadResults('full', pathToFileURL(`${dir}/`))).toMatchObject({ profile: 'full' });
  });
});
