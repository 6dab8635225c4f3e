import { resolveOptions } from '@gatehouse/errors';
import type { AuditError } from '../errors.js';
import type { AuditLoggerOptions } from '../logger.js';
import type { AuditSink } from '../sink.js';
import { checkedSha256, type Sha256Hex } from './digest.js';

/** The options of `createAuditLogger`, checked, with their defaults. */
export interface ResolvedLoggerOptions {
  sinks: readonly AuditSink[];
  redact: AuditLoggerOptions['redact'];
  onError: (error: AuditError) => void;
  queueSize: number;
  whenFull: 'drop' | 'block';
  maxBlockedWaiters: number;
  batchSize: number;
  drainDelayMs: number;
  sha256: Sha256Hex;
}

function defaultOnError(error: AuditError): void {
  console.error(`[gatehouse/audit] ${error.code}: ${error.message}`);
}

function isSink(value: unknown): value is AuditSink {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AuditSink).name === 'string' &&
    typeof (value as AuditSink).write === 'function'
  );
}

function integer(name: string, value: unknown, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new TypeError(`createAuditLogger: "${name}" must be an integer >= ${min}`);
  }
  return value as number;
}

/** Merges `options` onto the defaults and checks them: `TypeError` for a caller mistake. */
export function resolveLoggerOptions(options: AuditLoggerOptions): ResolvedLoggerOptions {
  const resolved = resolveOptions<AuditLoggerOptions>('createAuditLogger', options, {
    defaults: {
      sinks: undefined,
      redact: undefined,
      onError: defaultOnError,
      queueSize: 10_000,
      whenFull: 'drop',
      maxBlockedWaiters: 1000,
      batchSize: 256,
      drainDelayMs: 10,
      sha256: undefined,
    },
    required: ['sinks'],
  });
  const { sinks, onError, whenFull } = resolved;
  if (!Array.isArray(sinks) || sinks.length === 0 || !sinks.every(isSink)) {
    throw new TypeError('createAuditLogger: "sinks" must be a non-empty array of sinks');
  }
  if (whenFull !== 'drop' && whenFull !== 'block') {
    throw new TypeError('createAuditLogger: "whenFull" must be "drop" or "block"');
  }
  if (typeof onError !== 'function') {
    throw new TypeError('createAuditLogger: "onError" must be a function');
  }
  return {
    sinks,
    redact: resolved.redact,
    onError,
    queueSize: integer('queueSize', resolved.queueSize, 1),
    whenFull,
    maxBlockedWaiters: integer('maxBlockedWaiters', resolved.maxBlockedWaiters, 0),
    batchSize: integer('batchSize', resolved.batchSize, 1),
    drainDelayMs: integer('drainDelayMs', resolved.drainDelayMs, 0),
    sha256: checkedSha256('createAuditLogger', resolved.sha256),
  };
}
