import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuditError,
  type AuditErrorCode,
  type AuditSink,
  createAuditLogger,
  GENESIS_HASH,
  memorySink,
  verifyAuditLog,
} from './index.js';

function collector(): { codes: AuditErrorCode[]; onError: (error: AuditError) => void } {
  const codes: AuditErrorCode[] = [];
  return { codes, onError: (error) => codes.push(error.code) };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createAuditLogger', () => {
  it('stamps, chains and writes events in order', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T06:00:00.123Z'));
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink] });
    await logger.record({
      type: 'token.issued',
      actor: { sub: 'user-1', clientId: 'app' },
      request: { id: 'req-1', method: 'POST', path: '/token' },
      target: { type: 'token', id: 'jti-1' },
      details: { scope: 'mcp:tools' },
    });
    logger.record({ type: 'access.denied', reason: 'ERR_SCOPE_INSUFFICIENT' });
    logger.record({ type: 'billing.charged' });
    await logger.flush();
    const [first, second, third] = sink.records;
    expect(first).toMatchObject({
      seq: 1,
      prev: GENESIS_HASH,
      type: 'token.issued',
      outcome: 'success',
      time: '2026-11-26T06:00:00.123Z',
      actor: { sub: 'user-1', clientId: 'app' },
      request: { id: 'req-1', method: 'POST', path: '/token' },
      target: { type: 'token', id: 'jti-1' },
      details: { scope: 'mcp:tools' },
    });
    expect(first?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first?.id.replace(/-/g, '').slice(0, 12)).toBe(
      Date.parse('2026-11-26T06:00:00.123Z').toString(16).padStart(12, '0'),
    );
    expect(second).toMatchObject({ seq: 2, prev: first?.hash, outcome: 'failure' });
    expect(third).toMatchObject({ seq: 3, outcome: 'unknown' });
    expect(logger.head()).toEqual({ seq: 3, hash: third?.hash });
    expect(await verifyAuditLog(sink.lines)).toMatchObject({ ok: true, count: 3 });
    expect(logger.stats()).toEqual({
      recorded: 3,
      written: 3,
      unwritten: 0,
      dropped: 0,
      invalid: 0,
      failedWrites: 0,
      queued: 0,
    });
  });

  it('makes ids that sort in recording order, also within one millisecond', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_000);
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink], queueSize: 6000 });
    for (let i = 0; i < 5000; i++) logger.record({ type: 'access.allowed' });
    vi.setSystemTime(1_700_000_000_000); // the clock steps back
    logger.record({ type: 'access.allowed' });
    await logger.flush();
    const ids = sink.records.map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps one record per line whatever the strings hold (no log injection)', async () => {
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink] });
    const forged = `x\n{"hash":"${'0'.repeat(64)}","seq":99}\r\n\u2028`;
    logger.record({ type: 'access.denied', reason: forged, details: { [forged]: forged } });
    await logger.flush();
    // JSON escapes \n and \r; U+2028 stays raw (JCS), so readers split lines on \n only
    expect(sink.lines[0]).not.toMatch(/[\n\r]/);
    expect(JSON.parse(sink.lines[0] as string).reason).toBe(forged);
  });

  it('copies the event, so a caller mutating it later changes nothing', async () => {
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink] });
    const details = { scope: 'a' };
    logger.record({ type: 'token.issued', details });
    details.scope = 'b';
    await logger.flush();
    expect(sink.records[0]?.details).toEqual({ scope: 'a' });
  });

  it('never throws for malformed events; reports them with ERR_AUDIT_EVENT_INVALID', async () => {
    const { codes, onError } = collector();
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink], onError });
    const hostile = {
      type: 'token.issued',
      get details(): never {
        throw new Error('getter');
      },
    };
    const bad: unknown[] = [
      null,
      'token.issued',
      {},
      { type: 'Token.Issued' },
      { type: 'token' },
      { type: 'token.issued\nforged.entry' },
      { type: 'token.issued', outcome: 'maybe' },
      hostile,
    ];
    for (const event of bad) {
      await expect(logger.record(event as never)).resolves.toBeUndefined();
    }
    await logger.flush();
    expect(codes).toEqual(bad.map(() => 'ERR_AUDIT_EVENT_INVALID'));
    expect(sink.records).toHaveLength(0);
    expect(logger.stats().invalid).toBe(bad.length);
  });

  it('drops when full under "drop": counted, reported once, and recorded as audit.dropped', async () => {
    const { codes, onError } = collector();
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink], queueSize: 3, whenFull: 'drop', onError });
    for (let i = 0; i < 10; i++) logger.record({ type: 'access.allowed', details: { i } });
    expect(logger.stats()).toMatchObject({ recorded: 3, dropped: 7, queued: 3 });
    await logger.flush();
    expect(codes).toEqual(['ERR_AUDIT_QUEUE_FULL']);
    expect(sink.records.map((r) => r.type)).toEqual([
      'access.allowed',
      'access.allowed',
      'access.allowed',
      'audit.dropped',
    ]);
    expect(sink.records[3]).toMatchObject({ outcome: 'failure', details: { count: 7 } });
    expect((await verifyAuditLog(sink.records)).ok).toBe(true);
  });

  it('holds callers back under "block" and loses nothing, in order', async () => {
    const gate = deferred();
    const records: number[] = [];
    const slow: AuditSink = {
      name: 'slow',
      async write(batch) {
        await gate.promise;
        for (const record of batch.records) records.push(record.details?.i as number);
      },
    };
    const logger = createAuditLogger({
      sinks: [slow],
      queueSize: 2,
      batchSize: 2,
      whenFull: 'block',
    });
    const accepted: number[] = [];
    const pending = Array.from({ length: 8 }, (_, i) =>
      logger.record({ type: 'access.allowed', details: { i } }).then(() => accepted.push(i)),
    );
    await Promise.resolve();
    expect(accepted).toEqual([0, 1]);
    gate.resolve();
    await Promise.all(pending);
    await logger.flush();
    expect(accepted).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(records).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(logger.stats().dropped).toBe(0);
  });

  it('bounds callers waiting under "block" that do not await: beyond, drops and counts', async () => {
    const gate = deferred();
    const { codes, onError } = collector();
    const seen: string[] = [];
    const ids: string[] = [];
    const slow: AuditSink = {
      name: 'slow',
      async write(batch) {
        await gate.promise;
        for (const record of batch.records) {
          ids.push(record.id);
          seen.push(
            record.type === 'audit.dropped'
              ? `dropped:${record.details?.count}`
              : `${record.details?.i}`,
          );
        }
      },
    };
    const logger = createAuditLogger({
      sinks: [slow],
      queueSize: 2,
      batchSize: 2,
      whenFull: 'block',
      maxBlockedWaiters: 3,
      onError,
    });
    // fire and forget, as auditTrail does for request.failed
    for (let i = 0; i < 20; i++) void logger.record({ type: 'access.allowed', details: { i } });
    expect(logger.stats()).toMatchObject({ recorded: 2, queued: 5, dropped: 15 });
    expect(codes).toEqual(['ERR_AUDIT_QUEUE_FULL']);
    gate.resolve();
    await logger.flush();
    expect(seen).toEqual(['0', '1', '2', '3', '4', 'dropped:15']);
    expect([...ids].sort()).toEqual(ids);
    expect(logger.stats()).toMatchObject({ recorded: 5, written: 6, dropped: 15, queued: 0 });
  });

  it('bounds waiting callers by default (1,000), and 0 drops as soon as the queue is full', async () => {
    const gate = deferred();
    const blocked: AuditSink = { name: 'blocked', write: () => gate.promise };
    const logger = createAuditLogger({
      sinks: [blocked],
      queueSize: 10,
      whenFull: 'block',
      onError: () => {},
    });
    for (let i = 0; i < 100_000; i++) void logger.record({ type: 'access.allowed' });
    expect(logger.stats()).toMatchObject({ recorded: 10, queued: 1010, dropped: 100_000 - 1010 });
    const none = createAuditLogger({
      sinks: [{ name: 'blocked', write: () => gate.promise }],
      queueSize: 1,
      whenFull: 'block',
      maxBlockedWaiters: 0,
      onError: () => {},
    });
    for (let i = 0; i < 3; i++) void none.record({ type: 'access.allowed' });
    expect(none.stats()).toMatchObject({ recorded: 1, queued: 1, dropped: 2 });
    gate.resolve();
    await Promise.all([logger.close(), none.close()]);
  });

  it('counts as written only records some sink wrote, and keeps head() on them', async () => {
    const { codes, onError } = collector();
    let failing = false;
    const flaky: AuditSink = {
      name: 'flaky',
      write() {
        if (failing) throw new Error('EIO');
      },
    };
    const alsoFlaky: AuditSink = { ...flaky, name: 'also-flaky' };
    const healthy = memorySink();
    // one sink of two fails: the other holds the records, so they are written
    const mixed = createAuditLogger({ sinks: [flaky, healthy], onError });
    failing = true;
    mixed.record({ type: 'token.issued' });
    mixed.record({ type: 'token.revoked' });
    await mixed.flush();
    expect(mixed.stats()).toMatchObject({ written: 2, unwritten: 0, failedWrites: 1 });
    expect(mixed.head().seq).toBe(2);
    // every sink fails: nothing is written, and head() stays on the last record a sink holds
    failing = false;
    const both = createAuditLogger({ sinks: [flaky, alsoFlaky], onError });
    both.record({ type: 'token.issued' });
    await both.flush();
    const before = both.head();
    failing = true;
    both.record({ type: 'token.refreshed' });
    both.record({ type: 'token.revoked' });
    await both.flush();
    expect(both.stats()).toMatchObject({ recorded: 3, written: 1, unwritten: 2, failedWrites: 2 });
    expect(both.head()).toEqual(before);
    failing = false;
    both.record({ type: 'token.issued' });
    await both.flush();
    expect(both.stats()).toMatchObject({ written: 2, unwritten: 2 });
    expect(both.head().seq).toBe(4); // the chain runs on: the gap shows as missing records
    expect(codes.filter((code) => code === 'ERR_AUDIT_SINK_WRITE')).toHaveLength(3);
    // a sink that never opened fails each write too
    const closedSink: AuditSink = {
      name: 'never-opened',
      open: () => Promise.reject(new Error('ECONNREFUSED')),
      write() {
        throw new Error('not open');
      },
    };
    const lonely = createAuditLogger({ sinks: [closedSink], onError });
    lonely.record({ type: 'token.issued' });
    await lonely.flush();
    expect(lonely.stats()).toMatchObject({ written: 0, unwritten: 1 });
    expect(lonely.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
  });

  it('ready() resolves once the sinks are open, and rejects naming a sink that failed', async () => {
    await expect(createAuditLogger({ sinks: [memorySink()] }).ready()).resolves.toBeUndefined();
    const failing = (name: string): AuditSink => ({
      name,
      open: () => Promise.reject(new Error('ECONNREFUSED')),
      write() {},
    });
    const one = createAuditLogger({ sinks: [memorySink(), failing('db')], onError: () => {} });
    const error = await one.ready().catch((caught: unknown) => caught);
    expect(AuditError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_AUDIT_SINK_OPEN', sink: 'db' });
    const two = createAuditLogger({ sinks: [failing('db'), failing('siem')], onError: () => {} });
    await expect(two.ready()).rejects.toMatchObject({ code: 'ERR_AUDIT_SINK_OPEN', sink: 'db' });
    const cause = (await two.ready().catch((caught: Error) => caught.cause)) as AggregateError;
    expect(cause.errors.map((e: AuditError) => e.sink)).toEqual(['db', 'siem']);
    // never an unhandled rejection for a logger whose ready() nobody calls
    createAuditLogger({ sinks: [failing('x')], onError: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('derives success for token.verified', async () => {
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink] });
    logger.record({ type: 'token.verified', actor: { sub: 'u', clientId: 'c' } });
    await logger.flush();
    expect(sink.records[0]).toMatchObject({ type: 'token.verified', outcome: 'success' });
  });

  it('keeps writing to healthy sinks when one fails, and reports ERR_AUDIT_SINK_WRITE', async () => {
    const { codes, onError } = collector();
    const healthy = memorySink();
    const broken: AuditSink = {
      name: 'broken',
      write() {
        throw new Error('disk full');
      },
    };
    const logger = createAuditLogger({ sinks: [broken, healthy], onError });
    logger.record({ type: 'token.revoked' });
    await logger.flush();
    logger.record({ type: 'token.revoked' });
    await logger.flush();
    expect(codes).toEqual(['ERR_AUDIT_SINK_WRITE', 'ERR_AUDIT_SINK_WRITE']);
    expect(healthy.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(logger.stats().failedWrites).toBe(2);
  });

  it('skips, reports and counts an event whose hashing throws, keeping the chain intact', async () => {
    const { codes, onError } = collector();
    const sink = memorySink();
    let calls = 0;
    const { createHash } = await import('node:crypto');
    const flaky = (data: string): string => {
      calls++;
      if (data.includes('"explode"')) throw new Error('hash backend failed');
      return createHash('sha256').update(data, 'utf8').digest('hex');
    };
    const logger = createAuditLogger({ sinks: [sink], onError, sha256: flaky });
    logger.record({ type: 'token.issued' });
    logger.record({ type: 'token.issued', reason: 'explode' });
    logger.record({ type: 'token.revoked' });
    await logger.flush();
    expect(calls).toBeGreaterThan(3);
    expect(codes).toEqual(['ERR_AUDIT_EVENT_INVALID']);
    expect(sink.records.map((r) => r.seq)).toEqual([1, 2]);
    expect((await verifyAuditLog(sink.records)).ok).toBe(true);
    expect(logger.stats().dropped).toBe(1);
  });

  it('drains an event recorded just as a drain finishes, without a flush', async () => {
    vi.useFakeTimers();
    for (let hops = 0; hops < 30; hops++) {
      const sink = memorySink();
      let first = true;
      const logger = createAuditLogger({
        sinks: [
          {
            name: 'late',
            write(batch) {
              sink.write(batch);
              if (!first) return;
              first = false;
              let chain = Promise.resolve();
              for (let i = 0; i < hops; i++) chain = chain.then(() => undefined);
              void chain.then(() => logger.record({ type: 'token.revoked' }));
            },
          },
        ],
      });
      logger.record({ type: 'token.issued' });
      await vi.runAllTimersAsync();
      await vi.runAllTimersAsync();
      expect(sink.records.length, `after ${hops} hops`).toBe(2);
    }
  });

  it('writes the events of drainDelayMs in one sink write, a full batch at once', async () => {
    vi.useFakeTimers();
    const writes: number[] = [];
    const sink = memorySink();
    const logger = createAuditLogger({
      sinks: [
        {
          name: 'counting',
          write(batch) {
            writes.push(batch.records.length);
            sink.write(batch);
          },
        },
      ],
      batchSize: 4,
      drainDelayMs: 20,
    });
    await logger.ready();
    logger.record({ type: 'token.issued' });
    await vi.advanceTimersByTimeAsync(5);
    logger.record({ type: 'token.issued' });
    await vi.advanceTimersByTimeAsync(10);
    expect(writes).toEqual([]); // 15 ms after the first event: still waiting
    await vi.advanceTimersByTimeAsync(5);
    expect(writes).toEqual([2]);
    for (let i = 0; i < 4; i++) logger.record({ type: 'token.revoked' });
    await vi.advanceTimersByTimeAsync(0); // a full batch: the next turn, no delay
    expect(writes).toEqual([2, 4]);
    logger.record({ type: 'token.revoked' });
    await logger.flush(); // flush never waits for the delay
    expect(writes).toEqual([2, 4, 1]);
    expect(sink.records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('reports sinks that fail to flush or close, and still closes the others', async () => {
    const { codes, onError } = collector();
    const closed = vi.fn();
    const failing: AuditSink = {
      name: 'failing',
      write() {},
      flush: () => Promise.reject(new Error('EIO')),
      close() {
        throw new Error('EBADF');
      },
    };
    const logger = createAuditLogger({
      sinks: [failing, { ...memorySink(), close: closed }],
      onError,
    });
    logger.record({ type: 'token.issued' });
    await logger.close();
    expect(codes).toEqual(['ERR_AUDIT_SINK_FLUSH', 'ERR_AUDIT_SINK_CLOSE']);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('survives an onError that throws', async () => {
    const sink = memorySink();
    const logger = createAuditLogger({
      sinks: [sink],
      onError: () => {
        throw new Error('handler bug');
      },
    });
    await expect(logger.record({ type: 'nope' } as never)).resolves.toBeUndefined();
    logger.record({ type: 'token.issued' });
    await logger.flush();
    expect(sink.records).toHaveLength(1);
  });

  it('continues the chain from the head a sink holds', async () => {
    const first = memorySink();
    const before = createAuditLogger({ sinks: [first] });
    before.record({ type: 'token.issued' });
    before.record({ type: 'token.refreshed' });
    await before.close();
    const second = memorySink({ head: before.head() });
    const after = createAuditLogger({ sinks: [second] });
    after.record({ type: 'token.revoked' });
    await after.flush();
    expect(second.records[0]).toMatchObject({ seq: 3, prev: before.head().hash });
    expect((await verifyAuditLog([...first.records, ...second.records])).ok).toBe(true);
  });

  it('reports a sink that fails to open, or disagrees on the head', async () => {
    const { codes, onError } = collector();
    const failing: AuditSink = {
      name: 'failing',
      open: () => Promise.reject(new Error('EACCES')),
      write() {},
    };
    const a = memorySink({ head: { seq: 4, hash: 'a'.repeat(64) } });
    const b = memorySink({ head: { seq: 9, hash: 'b'.repeat(64) } });
    const logger = createAuditLogger({ sinks: [failing, a, b], onError });
    logger.record({ type: 'token.issued' });
    await logger.flush();
    expect(codes).toEqual(['ERR_AUDIT_SINK_OPEN', 'ERR_AUDIT_SINK_OPEN']);
    expect(a.records[0]).toMatchObject({ seq: 10, prev: 'b'.repeat(64) });
  });

  it('drops and reports events recorded after close()', async () => {
    const { codes, onError } = collector();
    const closes = vi.fn();
    const sink = { ...memorySink(), close: closes };
    const logger = createAuditLogger({ sinks: [sink], onError });
    logger.record({ type: 'token.issued' });
    await logger.close();
    await logger.close();
    logger.record({ type: 'token.issued' });
    expect(closes).toHaveBeenCalledTimes(1);
    expect(sink.records).toHaveLength(1);
    expect(codes).toEqual(['ERR_AUDIT_LOGGER_CLOSED']);
    expect(logger.stats().dropped).toBe(1);
  });

  it('refuses bad options with TypeError', () => {
    const sinks = [memorySink()];
    const bad: unknown[] = [
      undefined,
      {},
      { sinks: [] },
      { sinks: [{ name: 'x' }] },
      { sinks, queueSize: 0 },
      { sinks, batchSize: 1.5 },
      { sinks, drainDelayMs: -1 },
      { sinks, drainDelayMs: 2.5 },
      { sinks, whenFull: 'wait' },
      { sinks, whenFull: 'block', maxBlockedWaiters: -1 },
      { sinks, whenFull: 'block', maxBlockedWaiters: 1.5 },
      { sinks, maxBlockedWaiters: '10' },
      { sinks, onError: 'log' },
      { sinks, sha256: (data: string) => data },
      { sinks, redact: { keys: [42] } },
      { sinks, redact: { fingerprintKey: 'short' } },
      { sinks, bogus: true },
    ];
    for (const options of bad) {
      expect(() => createAuditLogger(options as never)).toThrow(TypeError);
    }
  });

  it('is an AuditError, unexposed, recognised across copies', () => {
    const error = new AuditError('ERR_AUDIT_SINK_WRITE', 'x');
    expect(AuditError.isInstance(error)).toBe(true);
    expect(error.expose).toBe(false);
    expect(error.status).toBe(500);
    expect(AuditError.isInstance(new Error('x'))).toBe(false);
  });
});
