import { mkdtempSync, rmSync } from 'node:fs';
import { type FileHandle, open, readdir, truncate, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuditEventInput,
  type AuditLogger,
  createAuditLogger,
  memorySink,
} from '@gatehouse/audit';
import { fileSink, nodeSha256 } from '@gatehouse/audit/node';
import type { Comparison, Measurement } from '../harness/compare.js';

/** Events per timed operation: throughput is measured on batches, events/s = ops/s x BATCH. */
const BATCH = 1000;

/** A typical Gatehouse event: actor, request context, target and a little detail. */
function event(i: number): AuditEventInput {
  return {
    type: 'token.issued',
    actor: { sub: `user-${i % 100}`, clientId: 'https://app.example/client.json' },
    request: {
      id: `req-${i}`,
      ip: '127.0.0.1',
      method: 'POST',
      path: '/token',
      userAgent: 'mcp-client/1.0',
    },
    target: { type: 'token', id: `jti-${i}` },
    details: { scope: 'mcp:tools mcp:resources', grant: 'authorization_code', expiresIn: 300 },
  };
}

const events = Array.from({ length: BATCH }, (_, i) => event(i));
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-audit-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

async function recordBatch(logger: AuditLogger, sink?: { clear(): void }): Promise<void> {
  for (const e of events) logger.record(e);
  await logger.flush();
  sink?.clear();
}

/** Keeps the benchmark's files from filling the disk: every 50 operations, drop what was written. */
function housekeeping(every: number, clean: () => Promise<void>): () => Promise<void> {
  let count = 0;
  return async () => {
    if (++count % every === 0) await clean();
  };
}

async function removeRotated(path: string): Promise<void> {
  const base = `${path.split('/').at(-1)}.`;
  for (const name of await readdir(dir)) {
    if (name.startsWith(base)) await unlink(join(dir, name));
  }
}

/**
 * Audit throughput against the least work a log can do: serialise and keep (memory) or append
 * (file), with no ids, redaction or chain. One operation is a batch of 1,000 events (recorded, then
 * flushed), so the targets in events/s are divided by 1,000.
 */
export async function comparisons(): Promise<Comparison[]> {
  const pureSink = memorySink();
  const pure = createAuditLogger({ sinks: [pureSink], queueSize: BATCH * 2 });
  const nativeSink = memorySink();
  const native = createAuditLogger({
    sinks: [nativeSink],
    queueSize: BATCH * 2,
    sha256: nodeSha256,
  });
  const memoryBaseline = {
    label: 'bare JSON.stringify + array push (x1000)',
    run: () => {
      const kept: string[] = [];
      for (const e of events) kept.push(JSON.stringify(e));
      return kept;
    },
  };

  const filePath = join(dir, 'audit.log');
  const file = createAuditLogger({
    sinks: [
      fileSink(filePath, { fsync: 'interval', intervalMs: 1000, maxBytes: 32 * 1024 * 1024 }),
    ],
    queueSize: BATCH * 2,
    sha256: nodeSha256,
  });
  const fileClean = housekeeping(50, () => removeRotated(filePath));
  const barePath = join(dir, 'bare.log');
  const bare: FileHandle = await open(barePath, 'a');
  const bareClean = housekeeping(50, () => truncate(barePath, 0));

  return [
    {
      name: `audit: memory sink with chain, built-in pure SHA-256 (1 op = ${BATCH} events)`,
      baseline: memoryBaseline,
      subject: { label: 'record x1000 + flush', run: () => recordBatch(pure, pureSink) },
      minOpsPerSecond: 200_000 / BATCH,
    },
    {
      name: `audit: memory sink with chain, sha256: nodeSha256 (1 op = ${BATCH} events)`,
      baseline: memoryBaseline,
      subject: { label: 'record x1000 + flush', run: () => recordBatch(native, nativeSink) },
      minOpsPerSecond: 200_000 / BATCH,
    },
    {
      name: `audit: file sink, fsync 'interval', sha256: nodeSha256 (1 op = ${BATCH} events)`,
      baseline: {
        label: 'bare appendFile of 1000 JSON lines',
        run: async () => {
          let data = '';
          for (const e of events) data += `${JSON.stringify(e)}\n`;
          await bare.appendFile(data);
          await bareClean();
        },
      },
      subject: {
        label: 'record x1000 + flush',
        run: async () => {
          await recordBatch(file);
          await fileClean();
        },
      },
      minOpsPerSecond: 50_000 / BATCH,
      teardown: async () => {
        await file.close();
        await bare.close();
      },
    },
  ];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number;
}

/**
 * Caller-side latency of `record()` at a fixed arrival rate of 10,000 events/s for two seconds,
 * with the chain computed and a file sink (fsync 'interval') written on the same thread in between,
 * as in a server. Arrivals are released every millisecond by a timer (the events due by then).
 */
async function latencyAtRate(
  label: string,
  recordOne: (e: AuditEventInput) => void,
  drain: () => Promise<void>,
): Promise<{ label: string; sorted: number[] }> {
  const rate = 10_000;
  const total = rate * 2;
  const samples: number[] = [];
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) {
        const e = events[sent % BATCH] as AuditEventInput;
        const t0 = process.hrtime.bigint();
        recordOne(e);
        samples.push(Number(process.hrtime.bigint() - t0) / 1e3);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 1);
  });
  await drain();
  return { label, sorted: samples.sort((a, b) => a - b) };
}

export async function measurements(): Promise<Measurement[]> {
  const path = join(dir, 'latency.log');
  const logger = createAuditLogger({
    sinks: [fileSink(path, { fsync: 'interval', intervalMs: 1000 })],
    sha256: nodeSha256,
  });
  const kept: string[] = [];
  // warm up both paths
  await latencyAtRate(
    'warm-up',
    (e) => logger.record(e),
    () => logger.flush(),
  );
  const subject = await latencyAtRate(
    'record()',
    (e) => logger.record(e),
    () => logger.flush(),
  );
  const baseline = await latencyAtRate(
    'bare JSON.stringify + push',
    (e) => {
      kept.push(JSON.stringify(e));
    },
    async () => {
      kept.length = 0;
    },
  );
  const stats = logger.stats();
  await logger.close();
  const line = ({ label, sorted }: { label: string; sorted: number[] }): string =>
    `${label}: p50 ${percentile(sorted, 50).toFixed(2)} µs, p99 ${percentile(sorted, 99).toFixed(2)} µs, ` +
    `p99.9 ${percentile(sorted, 99.9).toFixed(2)} µs, max ${(sorted.at(-1) as number).toFixed(2)} µs`;
  const p99 = percentile(subject.sorted, 99);
  return [
    {
      name: 'audit: record() latency on the caller at 10,000 events/s (file sink, fsync interval)',
      lines: [
        line(subject),
        line(baseline),
        `${subject.sorted.length} events; written ${stats.written - 20_000} of them, dropped ${stats.dropped}`,
        `target: p99 < 50 µs; ratio p99/target ${(p99 / 50).toFixed(3)}`,
      ],
      meetsTarget: p99 < 50 && stats.dropped === 0,
    },
  ];
}
