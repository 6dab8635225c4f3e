import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditRecord,
  computeRecordHash,
  createAuditLogger,
  GENESIS_HASH,
  memorySink,
  verifyAuditLog,
} from './index.js';

async function chain(count: number): Promise<{ records: AuditRecord[]; lines: string[] }> {
  const sink = memorySink();
  const logger = createAuditLogger({ sinks: [sink] });
  for (let i = 0; i < count; i++) {
    logger.record({ type: 'access.allowed', actor: { sub: `user-${i}` }, details: { i } });
  }
  await logger.close();
  return { records: [...sink.records], lines: [...sink.lines] };
}

/** A record changed and re-hashed, so only the link to its neighbours can tell. */
function forge(record: AuditRecord, change: Partial<AuditRecord>): AuditRecord {
  const forged = { ...record, ...change };
  return { ...forged, hash: computeRecordHash(forged) };
}

describe('verifyAuditLog', () => {
  it('accepts an intact chain, as records or as lines', async () => {
    const { records, lines } = await chain(5);
    const last = records[4] as AuditRecord;
    for (const input of [records, lines]) {
      expect(await verifyAuditLog(input)).toEqual({
        ok: true,
        count: 5,
        firstSeq: 1,
        head: { seq: 5, hash: last.hash },
      });
    }
    expect(await verifyAuditLog([])).toEqual({
      ok: true,
      count: 0,
      firstSeq: undefined,
      head: undefined,
    });
  });

  it('reads async iterables (streams of lines)', async () => {
    const { lines } = await chain(3);
    async function* stream() {
      yield* lines;
    }
    expect((await verifyAuditLog(stream())).ok).toBe(true);
  });

  it('finds an altered record', async () => {
    const { records, lines } = await chain(5);
    const altered = records.map((r, i) => (i === 2 ? { ...r, actor: { sub: 'admin' } } : r));
    expect(await verifyAuditLog(altered)).toMatchObject({
      ok: false,
      count: 2,
      failure: { code: 'ERR_AUDIT_RECORD_ALTERED', index: 2, seq: 3 },
    });
    const editedLine = lines.map((l, i) =>
      i === 1 ? l.replace('"access.allowed"', '"access.denied"') : l,
    );
    expect(await verifyAuditLog(editedLine)).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_RECORD_ALTERED', index: 1 },
    });
  });

  it('finds a missing record, in the middle or at the end (with an anchor)', async () => {
    const { records } = await chain(5);
    const gap = records.filter((_, i) => i !== 2);
    expect(await verifyAuditLog(gap)).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_RECORD_MISSING', index: 2, seq: 4, expectedSeq: 3 },
    });
    const anchor = { seq: 5, hash: (records[4] as AuditRecord).hash };
    expect((await verifyAuditLog(records, { anchor })).ok).toBe(true);
    expect(await verifyAuditLog(records.slice(0, 3), { anchor })).toMatchObject({
      ok: false,
      count: 3,
      failure: { code: 'ERR_AUDIT_RECORD_MISSING', index: 3, expectedSeq: 4 },
    });
  });

  it('finds reordered and repeated records', async () => {
    const { records } = await chain(5);
    const [a, b, c, d, e] = records as [
      AuditRecord,
      AuditRecord,
      AuditRecord,
      AuditRecord,
      AuditRecord,
    ];
    expect(await verifyAuditLog([a, c, b, d, e])).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_RECORD_MISSING', index: 1 },
    });
    expect(await verifyAuditLog([a, b, c, b, d, e])).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_RECORD_REORDERED', index: 3, seq: 2, expectedSeq: 4 },
    });
  });

  it('finds a forged record that was re-hashed (the chain breaks after it)', async () => {
    const { records } = await chain(5);
    const forged = records.map((r, i) => (i === 2 ? forge(r, { outcome: 'failure' }) : r));
    expect(await verifyAuditLog(forged)).toMatchObject({
      ok: false,
      count: 3,
      failure: { code: 'ERR_AUDIT_CHAIN_BROKEN', index: 3, seq: 4 },
    });
    // a record spliced in from another chain, with a valid hash of its own
    const other = await chain(5);
    const spliced = records.map((r, i) => (i === 3 ? (other.records[3] as AuditRecord) : r));
    expect(await verifyAuditLog(spliced)).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_CHAIN_BROKEN', index: 3 },
    });
  });

  it('finds a rewrite from some point on, re-hashed to the end, only with an anchor', async () => {
    const { records } = await chain(4);
    const rewritten: AuditRecord[] = [records[0] as AuditRecord];
    for (const record of records.slice(1)) {
      const prev = (rewritten.at(-1) as AuditRecord).hash;
      rewritten.push(forge(record, { prev, details: { i: -1 } }));
    }
    expect((await verifyAuditLog(rewritten)).ok).toBe(true);
    const anchor = { seq: 4, hash: (records[3] as AuditRecord).hash };
    expect(await verifyAuditLog(rewritten, { anchor })).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_CHAIN_BROKEN', index: 3, seq: 4 },
    });
  });

  it('requires the genesis record unless partial', async () => {
    const { records } = await chain(5);
    expect(await verifyAuditLog(records.slice(2))).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_CHAIN_START', index: 0, seq: 3 },
    });
    expect(await verifyAuditLog(records.slice(2), { partial: true })).toMatchObject({
      ok: true,
      count: 3,
      firstSeq: 3,
    });
    const fakeGenesis = forge(records[0] as AuditRecord, { seq: 1, prev: 'f'.repeat(64) });
    expect(await verifyAuditLog([fakeGenesis])).toMatchObject({
      ok: false,
      failure: { code: 'ERR_AUDIT_CHAIN_START' },
    });
  });

  it('reports malformed input without throwing', async () => {
    const { lines, records } = await chain(2);
    const first = records[0] as AuditRecord;
    const malformed: unknown[] = [
      'not json',
      '',
      '[]',
      'null',
      42,
      { ...first, seq: 0 },
      { ...first, seq: '1' },
      { ...first, prev: 'xyz' },
      { ...first, hash: first.hash.toUpperCase() },
      { ...first, id: 7 },
      { ...first, type: undefined },
    ];
    for (const item of malformed) {
      expect(await verifyAuditLog([lines[0], item])).toMatchObject({
        ok: false,
        count: 1,
        failure: { code: 'ERR_AUDIT_RECORD_MALFORMED', index: 1 },
      });
    }
  });

  it('refuses a line that parses to the hashed record but is not its canonical form', async () => {
    const { lines } = await chain(3);
    const line = lines[1] as string;
    const variants = [
      // a duplicated key: JSON.parse keeps the last, a first-wins reader would show "access.denied"
      line.replace('"type":', '"type":"access.denied","type":'),
      line.replace('{"hash"', '{ "hash"'),
      line.replace('"access.allowed"', '"\\u0061ccess.allowed"'),
      line.replace(/"i":1/, '"i":1.0'),
      `${line} `,
    ];
    for (const variant of variants) {
      expect(variant).not.toBe(line);
      expect(await verifyAuditLog([lines[0], variant, lines[2]])).toMatchObject({
        ok: false,
        count: 1,
        failure: { code: 'ERR_AUDIT_RECORD_ALTERED', index: 1, seq: 2 },
      });
    }
  });

  it('refuses a partial log that starts after its anchor, which it cannot then check', async () => {
    const { records } = await chain(5);
    const anchor = { seq: 2, hash: (records[1] as AuditRecord).hash };
    // rewritten from seq 3 on and re-hashed: only the anchored record could tell
    const rewritten = records.slice(2);
    expect(await verifyAuditLog(rewritten, { partial: true, anchor })).toMatchObject({
      ok: false,
      count: 0,
      failure: { code: 'ERR_AUDIT_RECORD_MISSING', index: 0, seq: 3, expectedSeq: 2 },
    });
    expect((await verifyAuditLog(records.slice(1), { partial: true, anchor })).ok).toBe(true);
  });

  it('verifies records holding anything the redactor turns into JSON (errors, dates, bytes, …)', async () => {
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink] });
    const error = Object.assign(new TypeError('boom'), { code: 'ERR_X' });
    logger.record({ type: 'request.failed', details: { error, plain: new Error('x') } });
    logger.record({
      type: 'access.denied',
      details: { when: new Date(0), big: 10n, bytes: new Uint8Array([1, 2]), 10: 'ten', 2: 'two' },
    });
    logger.record({ type: 'access.denied', details: { list: [error, { b: 1, a: 2 }, null] } });
    await logger.close();
    expect(JSON.parse(sink.lines[0] as string).details.error).toEqual({
      code: 'ERR_X',
      name: 'TypeError',
    });
    expect(await verifyAuditLog(sink.lines)).toMatchObject({ ok: true, count: 3 });
    expect(await verifyAuditLog(sink.records)).toMatchObject({ ok: true, count: 3 });
  });

  it('refuses a plain string and non-iterables with TypeError', async () => {
    const { lines } = await chain(1);
    await expect(verifyAuditLog(lines[0] as never)).rejects.toThrow(TypeError);
    await expect(verifyAuditLog(null as never)).rejects.toThrow(TypeError);
    await expect(verifyAuditLog([], { sha256: () => GENESIS_HASH })).rejects.toThrow(TypeError);
  });

  it('property: any single change to a stored line is detected', async () => {
    const { lines } = await chain(6);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: lines.length - 1 }),
        fc.nat(),
        fc.integer({ min: 32, max: 126 }),
        async (row, at, code) => {
          const line = lines[row] as string;
          const position = at % line.length;
          const changed =
            line.slice(0, position) + String.fromCharCode(code) + line.slice(position + 1);
          fc.pre(changed !== line);
          // a change that leaves the parsed record equal (whitespace, escapes) is no change at all
          let same = false;
          try {
            same = JSON.stringify(JSON.parse(changed)) === JSON.stringify(JSON.parse(line));
          } catch {
            same = false;
          }
          fc.pre(!same);
          const tampered = lines.map((l, i) => (i === row ? changed : l));
          const verdict = await verifyAuditLog(tampered);
          expect(verdict.ok).toBe(false);
          if (!verdict.ok) expect(verdict.failure.index).toBe(row);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: dropping, repeating or swapping records is detected', async () => {
    const { records } = await chain(8);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('drop', 'repeat', 'swap'),
        fc.integer({ min: 0, max: 6 }),
        async (operation, i) => {
          const copy = [...records];
          if (operation === 'drop') copy.splice(i, 1);
          if (operation === 'repeat') copy.splice(i, 0, copy[i] as AuditRecord);
          if (operation === 'swap')
            [copy[i], copy[i + 1]] = [copy[i + 1] as AuditRecord, copy[i] as AuditRecord];
          const anchor = { seq: 8, hash: (records[7] as AuditRecord).hash };
          expect((await verifyAuditLog(copy, { anchor })).ok).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});
