import { describe, expect, it } from 'vitest';
import { createAuditLogger } from '../index.js';
import { consoleSink, verifyAuditLog } from './index.js';

describe('consoleSink', () => {
  it('writes the same verifiable JSON lines through a pino destination', async () => {
    const chunks: string[] = [];
    let flushed = 0;
    const destination = {
      write: (text: string) => {
        chunks.push(text);
      },
      flush: (callback?: (error?: Error | null) => void) => {
        flushed++;
        callback?.(null);
      },
    };
    const logger = createAuditLogger({ sinks: [consoleSink({ destination })] });
    logger.record({ type: 'token.issued', details: { refresh_token: 'rt-secret-value' } });
    logger.record({ type: 'token.revoked' });
    await logger.flush();
    const lines = chunks.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines.join('')).not.toContain('rt-secret-value');
    expect(flushed).toBeGreaterThan(0);
    expect((await verifyAuditLog(lines)).ok).toBe(true);
  });

  it('defaults to stdout through pino', () => {
    expect(consoleSink().name).toBe('console');
  });
});
