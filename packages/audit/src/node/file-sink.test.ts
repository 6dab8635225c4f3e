import {
  appendFile,
  type FileHandle,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditError, type AuditErrorCode, createAuditLogger } from '../index.js';
import { fileSink, nodeSha256, verifyAuditFiles, verifyAuditLog } from './index.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function collector(): { codes: AuditErrorCode[]; onError: (error: AuditError) => void } {
  const codes: AuditErrorCode[] = [];
  return { codes, onError: (error) => codes.push(error.code) };
}

async function readLines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
}

describe('fileSink', () => {
  for (const fsync of ['always', 'interval', 'never'] as const) {
    it(`writes JSON lines that verify (fsync: ${fsync})`, async () => {
      const path = join(dir, 'audit.log');
      const logger = createAuditLogger({ sinks: [fileSink(path, { fsync })], sha256: nodeSha256 });
      for (let i = 0; i < 50; i++) logger.record({ type: 'access.allowed', details: { i } });
      await logger.flush();
      expect(await readLines(path)).toHaveLength(50);
      await logger.close();
      expect(await verifyAuditLog(path)).toMatchObject({ ok: true, count: 50 });
    });
  }

  it('syncs per write, on the interval, or never, as configured', async () => {
    const probe = await open(join(dir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const syncs = vi.spyOn(prototype, 'datasync');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const counts: Record<string, number[]> = {};
      for (const fsync of ['always', 'interval', 'never'] as const) {
        const path = join(dir, `${fsync}.log`);
        const logger = createAuditLogger({ sinks: [fileSink(path, { fsync, intervalMs: 200 })] });
        await logger.flush();
        syncs.mockClear();
        logger.record({ type: 'access.allowed' });
        await logger.flush();
        logger.record({ type: 'access.allowed' });
        await logger.flush();
        const afterWrites = syncs.mock.calls.length;
        await vi.advanceTimersByTimeAsync(200);
        const afterTick = syncs.mock.calls.length;
        await vi.advanceTimersByTimeAsync(200); // nothing new written: no sync
        counts[fsync] = [afterWrites, afterTick, syncs.mock.calls.length];
        await logger.close();
      }
      expect(counts).toEqual({ always: [2, 2, 2], interval: [0, 1, 1], never: [0, 0, 0] });
    } finally {
      vi.useRealTimers();
      syncs.mockRestore();
    }
  });

  it('reports a failed periodic sync instead of swallowing it (fsync: interval)', async () => {
    const probe = await open(join(dir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const syncs = vi.spyOn(prototype, 'datasync');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { codes, onError } = collector();
      const path = join(dir, 'audit.log');
      const logger = createAuditLogger({
        sinks: [fileSink(path, { fsync: 'interval', intervalMs: 200 })],
        onError,
      });
      logger.record({ type: 'access.allowed' });
      await logger.flush();
      syncs.mockRejectedValueOnce(Object.assign(new Error('EIO'), { code: 'EIO' }));
      await vi.advanceTimersByTimeAsync(200);
      expect(codes).toEqual([]);
      await logger.flush();
      expect(codes).toEqual(['ERR_AUDIT_SINK_FLUSH']);
      logger.record({ type: 'access.allowed' });
      await logger.close();
      expect(codes).toEqual(['ERR_AUDIT_SINK_FLUSH']); // once; the next sync retried and worked
      expect((await verifyAuditLog(path)).ok).toBe(true);
    } finally {
      vi.useRealTimers();
      syncs.mockRestore();
    }
  });

  it('verifies records holding raw U+2028 and U+2029 (the reader splits on newlines only)', async () => {
    const path = join(dir, 'audit.log');
    const logger = createAuditLogger({ sinks: [fileSink(path)] });
    logger.record({ type: 'access.denied', reason: 'a\u2028b\u2029c\rd' });
    logger.record({ type: 'access.denied' });
    await logger.close();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, count: 2 });
  });

  it('creates the file readable by its owner only', async () => {
    const path = join(dir, 'audit.log');
    const logger = createAuditLogger({ sinks: [fileSink(path)] });
    logger.record({ type: 'token.issued' });
    await logger.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('continues the chain after a restart', async () => {
    const path = join(dir, 'audit.log');
    for (let run = 0; run < 3; run++) {
      const logger = createAuditLogger({ sinks: [fileSink(path)] });
      logger.record({ type: 'token.issued', details: { run } });
      logger.record({ type: 'token.revoked', details: { run } });
      await logger.close();
    }
    const lines = await readLines(path);
    expect(lines.map((line) => JSON.parse(line).seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, count: 6 });
  });

  it('cuts off a torn last line on open and records audit.recovered', async () => {
    const path = join(dir, 'audit.log');
    const first = createAuditLogger({ sinks: [fileSink(path)] });
    first.record({ type: 'token.issued' });
    await first.close();
    await appendFile(path, '{"hash":"abc","seq":2,"ty');
    const second = createAuditLogger({ sinks: [fileSink(path)] });
    second.record({ type: 'token.refreshed' });
    await second.close();
    const records = (await readLines(path)).map((line) => JSON.parse(line));
    expect(records.map((r) => [r.seq, r.type])).toEqual([
      [1, 'token.issued'],
      [2, 'token.refreshed'],
      [3, 'audit.recovered'],
    ]);
    expect(records[2].details).toMatchObject({ truncatedBytes: 25 });
    expect((await verifyAuditLog(path)).ok).toBe(true);
  });

  it('cuts off a zero-filled tail (data lost in a crash) but never bytes the sink did not write', async () => {
    const path = join(dir, 'audit.log');
    const first = createAuditLogger({ sinks: [fileSink(path)] });
    first.record({ type: 'token.issued' });
    await first.close();
    await appendFile(path, Buffer.alloc(40));
    const second = createAuditLogger({ sinks: [fileSink(path)] });
    second.record({ type: 'token.refreshed' });
    await second.close();
    expect((await readLines(path)).map((line) => JSON.parse(line).seq)).toEqual([1, 2, 3]);
    expect((await verifyAuditLog(path)).ok).toBe(true);

    // someone else's file, or a log with foreign bytes appended: never truncated, never appended to
    for (const content of [
      'config=1\nno newline at the end',
      `${await readFile(path, 'utf8')}{"seq":99}`,
      'x'.repeat(5 * 1024 * 1024),
    ]) {
      const other = join(dir, 'other.txt');
      await writeFile(other, content);
      const { codes, onError } = collector();
      const logger = createAuditLogger({ sinks: [fileSink(other)], onError });
      logger.record({ type: 'token.issued' });
      await logger.close();
      expect(codes[0]).toBe('ERR_AUDIT_SINK_OPEN');
      expect(codes).toContain('ERR_AUDIT_SINK_WRITE');
      expect(await readFile(other, 'utf8')).toBe(content);
    }
  });

  it('rotates by size, continuing the chain across files', async () => {
    const path = join(dir, 'audit.log');
    const logger = createAuditLogger({
      sinks: [fileSink(path, { maxBytes: 2000, fsync: 'never' })],
      batchSize: 4,
    });
    for (let i = 0; i < 40; i++) {
      logger.record({ type: 'access.allowed', details: { i } });
      if (i % 4 === 3) await logger.flush();
    }
    await logger.close();
    const files = (await readdir(dir)).sort();
    expect(files.length).toBeGreaterThan(3);
    expect(files[0]).toBe('audit.log');
    expect(files.slice(1).every((name) => /^audit\.log\.\d{6}$/.test(name))).toBe(true);
    for (const name of files) expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(2000);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, count: 40 });
    // a single rotated file is a partial chain
    const second = join(dir, files[2] as string);
    expect(await verifyAuditFiles([second])).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_CHAIN_START', location: `${second}:1` },
    });
    expect((await verifyAuditFiles([second], { partial: true })).ok).toBe(true);
  });

  it('continues the chain from the last rotated file when the current one is empty', async () => {
    const path = join(dir, 'audit.log');
    const before = createAuditLogger({ sinks: [fileSink(path, { maxBytes: 600 })] });
    for (let i = 0; i < 3; i++) {
      before.record({ type: 'access.allowed' });
      await before.flush();
    }
    await before.close();
    await writeFile(path, '');
    const after = createAuditLogger({ sinks: [fileSink(path, { maxBytes: 600 })] });
    after.record({ type: 'access.denied' });
    await after.close();
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, count: 3 });
  });

  it('reports, with location, a file someone edited', async () => {
    const path = join(dir, 'audit.log');
    const logger = createAuditLogger({ sinks: [fileSink(path)] });
    for (let i = 0; i < 5; i++) logger.record({ type: 'access.denied', actor: { sub: 'mallory' } });
    await logger.close();
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    lines[3] = (lines[3] as string).replace('mallory', 'alice');
    await writeFile(path, lines.join('\n'));
    expect(await verifyAuditLog(path)).toMatchObject({
      ok: false,
      count: 3,
      failure: { code: 'ERR_AUDIT_RECORD_ALTERED', seq: 4, location: `${path}:4` },
    });
  });

  it('reports a last line that is not a record, and refuses bad options', async () => {
    const path = join(dir, 'audit.log');
    await writeFile(path, 'garbage\n');
    const { codes, onError } = collector();
    const logger = createAuditLogger({ sinks: [fileSink(path)], onError });
    logger.record({ type: 'token.issued' });
    await logger.close();
    expect(codes).toEqual(['ERR_AUDIT_SINK_OPEN']);
    expect((await verifyAuditLog(path)).ok).toBe(false);
    for (const [p, options] of [
      ['', {}],
      [path, { fsync: 'sometimes' }],
      [path, { intervalMs: 0 }],
      [path, { maxBytes: -1 }],
      [path, { rotate: true }],
    ] as const) {
      expect(() => fileSink(p, options as never)).toThrow(TypeError);
    }
  });

  it('cuts off a partly written batch (disk full), so the gap shows as missing records', async () => {
    const path = join(dir, 'audit.log');
    const probe = await open(join(dir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const { codes, onError } = collector();
    const logger = createAuditLogger({ sinks: [fileSink(path)], onError });
    logger.record({ type: 'token.issued' });
    await logger.flush();
    const original = prototype.write as (
      this: FileHandle,
      buffer: Buffer,
      offset: number,
      length: number,
    ) => Promise<unknown>;
    const spy = vi.spyOn(prototype, 'write').mockImplementationOnce(async function (
      this: FileHandle,
      ...args: unknown[]
    ) {
      const [buffer, offset] = args as [Buffer, number];
      await original.call(this, buffer, offset, 40);
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    } as never);
    logger.record({ type: 'token.refreshed' });
    await logger.flush();
    spy.mockRestore();
    logger.record({ type: 'token.revoked' });
    await logger.close();
    expect(codes).toEqual(['ERR_AUDIT_SINK_WRITE']);
    const lines = await readLines(path);
    expect(lines.map((line) => JSON.parse(line).seq)).toEqual([1, 3]);
    expect(await verifyAuditLog(path)).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_RECORD_MISSING', seq: 3, expectedSeq: 2, location: `${path}:2` },
    });
  });

  it('refuses, at construction, a path whose directory is missing or that is not a file', async () => {
    await writeFile(join(dir, 'plain'), '');
    await mkdir(join(dir, 'sub'));
    for (const path of [
      join(dir, 'missing', 'audit.log'),
      join(dir, 'plain', 'audit.log'),
      join(dir, 'sub'),
    ]) {
      let error: unknown;
      try {
        fileSink(path);
      } catch (caught) {
        error = caught;
      }
      expect(AuditError.isInstance(error), path).toBe(true);
      expect(error).toMatchObject({ code: 'ERR_AUDIT_SINK_OPEN', sink: `file:${path}` });
    }
    expect((await readdir(dir)).sort()).toEqual(['plain', 'sub']); // nothing created
  });

  it('ready() rejects when the file cannot be opened after all, and the logger reports each write', async () => {
    const path = join(dir, 'later', 'audit.log');
    await mkdir(join(dir, 'later'));
    const sink = fileSink(path);
    await rm(join(dir, 'later'), { recursive: true }); // gone between construction and open
    const { codes, onError } = collector();
    const logger = createAuditLogger({ sinks: [sink], onError });
    await expect(logger.ready()).rejects.toMatchObject({
      code: 'ERR_AUDIT_SINK_OPEN',
      sink: `file:${path}`,
    });
    logger.record({ type: 'token.issued' });
    await logger.close();
    expect(codes).toEqual(['ERR_AUDIT_SINK_OPEN', 'ERR_AUDIT_SINK_WRITE']);
    expect(logger.stats()).toMatchObject({ recorded: 1, written: 0, unwritten: 1 });
    // a file that ends in something other than a record: also found only by opening it
    await writeFile(join(dir, 'foreign.log'), 'not a record\n');
    const foreign = createAuditLogger({ sinks: [fileSink(join(dir, 'foreign.log'))], onError });
    await expect(foreign.ready()).rejects.toMatchObject({ code: 'ERR_AUDIT_SINK_OPEN' });
    await foreign.close();
    const fine = createAuditLogger({ sinks: [fileSink(join(dir, 'fine.log'))] });
    await expect(fine.ready()).resolves.toBeUndefined();
    await fine.close();
  });
});
