import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLogger } from '../index.js';
import { runCli } from './cli-main.js';
import { fileSink } from './index.js';

let dir = '';
let path = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
  path = join(dir, 'audit.log');
  const logger = createAuditLogger({ sinks: [fileSink(path, { maxBytes: 1500 })] });
  const types = ['token.issued', 'access.allowed', 'access.denied', 'token.revoked'] as const;
  for (let i = 0; i < 12; i++) {
    logger.record({ type: types[i % 4] as (typeof types)[number], details: { i } });
    await logger.flush();
  }
  await logger.close();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { status, stdout, stderr };
}

describe('gatehouse-audit verify', () => {
  it('verifies a log with its rotated files and prints the head', async () => {
    const { status, stdout } = await cli('verify', path);
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^ok: 12 records \(seq 1\.\.12\) in \d+ file\(s\)\nhead: 12:[0-9a-f]{64}\n$/,
    );
  });

  it('fails with status 1 and the location of the first bad record', async () => {
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"access.denied"', '"access.allowed"'));
    const { status, stdout } = await cli('verify', path);
    expect(status).toBe(1);
    expect(stdout).toMatch(
      new RegExp(`^FAILED ERR_AUDIT_RECORD_ALTERED at ${path}:\\d+ \\(seq \\d+\\)`),
    );
  });

  it('checks an anchor, and only the given file with --no-rotated (--partial)', async () => {
    const head = (await cli('verify', path)).stdout.match(/head: (\S+)/)?.[1] as string;
    expect((await cli('verify', path, '--anchor', head)).status).toBe(0);
    const wrong = `12:${'0'.repeat(64)}`;
    expect((await cli('verify', path, '--anchor', wrong)).stdout).toMatch(/ERR_AUDIT_CHAIN_BROKEN/);
    expect((await cli('verify', path, '--no-rotated')).stdout).toMatch(/ERR_AUDIT_CHAIN_START/);
    expect((await cli('verify', path, '--no-rotated', '--partial')).status).toBe(0);
  });

  it('answers usage errors with status 2', async () => {
    for (const argv of [
      [],
      ['verify'],
      ['verify', path, '--anchor', 'nope'],
      ['verify', path, '--bogus'],
      ['frobnicate'],
      ['tail'],
      ['tail', path, '-n', '0'],
    ]) {
      expect((await cli(...argv)).status, argv.join(' ')).toBe(2);
    }
    expect((await cli('verify', join(dir, 'missing.log'))).status).toBe(2);
    expect((await cli('--help')).status).toBe(0);
  });
});

describe('gatehouse-audit tail', () => {
  it('prints the last records of the current file', async () => {
    const { status, stdout } = await cli('tail', path, '-n', '2');
    expect(status).toBe(0);
    const records = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((r) => r.seq)).toEqual([11, 12]);
  });

  it('filters by exact type and by area.*', async () => {
    const exact = await cli('tail', path, '--type', 'access.denied', '-n', '100');
    const types = exact.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).type);
    expect(new Set(types)).toEqual(new Set(['access.denied']));
    const area = await cli('tail', path, '--type', 'token.*', '--type', 'access.denied');
    const areaTypes = new Set(
      area.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type),
    );
    expect([...areaTypes].every((t) => t.startsWith('token.') || t === 'access.denied')).toBe(true);
    expect(areaTypes.has('access.allowed')).toBe(false);
  });

  it('prints terminal controls and bidi overrides escaped, as the same JSON', async () => {
    const hostile = join(dir, 'hostile.log');
    const logger = createAuditLogger({ sinks: [fileSink(hostile)] });
    logger.record({ type: 'access.denied', details: { note: 'a\u009b2Jb\u202egnp.exe\u2028c' } });
    await logger.close();
    const { status, stdout } = await cli('tail', hostile);
    expect(status).toBe(0);
    expect(stdout).not.toMatch(/[\u007f-\u009f\u202e\u2028]/);
    expect(JSON.parse(stdout).details.note).toBe('a\u009b2Jb\u202egnp.exe\u2028c');
  });

  it('skips malformed lines and says so', async () => {
    await writeFile(path, `not json\n${await readFile(path, 'utf8')}`);
    const { status, stderr } = await cli('tail', path);
    expect(status).toBe(0);
    expect(stderr).toMatch(/skipped 1 malformed line/);
  });
});
