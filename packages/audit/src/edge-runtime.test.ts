import { fileURLToPath } from 'node:url';
import { runInEdgeRuntime } from '@gatehouse/test-support';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('under the Edge runtime (a separate context with Web APIs only)', () => {
  it('records, redacts, chains and verifies without Node globals', async () => {
    const result = await runInEdgeRuntime(
      entry,
      `
      const sink = lib.memorySink();
      const logger = lib.createAuditLogger({ sinks: [sink] });
      logger.record({ type: 'token.issued', details: { access_token: 'secret-value-123' } });
      logger.record({ type: 'access.denied', reason: 'ERR_SCOPE' });
      await logger.close();
      const verdict = await lib.verifyAuditLog(sink.lines);
      return {
        nodeGlobals: [typeof process, typeof Buffer, typeof require],
        ok: verdict.ok,
        count: verdict.count,
        leaked: sink.lines.join('').includes('secret-value-123'),
        hash: lib.computeRecordHash(sink.records[0]) === sink.records[0].hash,
      };
      `,
    );
    expect(result).toEqual({
      nodeGlobals: ['undefined', 'undefined', 'undefined'],
      ok: true,
      count: 2,
      leaked: false,
      hash: true,
    });
  });
});
