import { GatehouseError } from '@gatehouse/errors';

/**
 * Every code an {@link AuditError} can carry.
 *
 * The `ERR_AUDIT_RECORD_*` and `ERR_AUDIT_CHAIN_*` codes are the verdicts of `verifyAuditLog`; the
 * others reach `onError` from a logger, which never throws into the request path.
 */
export type AuditErrorCode =
  | 'ERR_AUDIT_EVENT_INVALID'
  | 'ERR_AUDIT_LOGGER_CLOSED'
  | 'ERR_AUDIT_QUEUE_FULL'
  | 'ERR_AUDIT_SINK_OPEN'
  | 'ERR_AUDIT_SINK_WRITE'
  | 'ERR_AUDIT_SINK_FLUSH'
  | 'ERR_AUDIT_SINK_CLOSE'
  | 'ERR_AUDIT_RECORD_MALFORMED'
  | 'ERR_AUDIT_RECORD_ALTERED'
  | 'ERR_AUDIT_RECORD_MISSING'
  | 'ERR_AUDIT_RECORD_REORDERED'
  | 'ERR_AUDIT_CHAIN_BROKEN'
  | 'ERR_AUDIT_CHAIN_START';

/**
 * An audit failure: an event that could not be recorded or written, or a record that fails
 * verification. Never exposed to an HTTP client (it carries no OAuth error).
 *
 * @example
 * ```ts
 * import { AuditError, createAuditLogger, memorySink } from '@gatehouse/audit';
 *
 * const logger = createAuditLogger({
 *   sinks: [memorySink()],
 *   onError: (error) => {
 *     if (AuditError.isInstance(error) && error.code === 'ERR_AUDIT_SINK_WRITE') alertOnCall(error);
 *   },
 * });
 * ```
 */
export class AuditError extends GatehouseError {
  declare readonly code: AuditErrorCode;
  /** The name of the sink that failed (`file:/var/log/…/audit.log`, `memory`, yours), for sink
   * failures. */
  readonly sink: string | undefined;

  constructor(
    code: AuditErrorCode,
    message: string,
    options: { cause?: unknown; sink?: string } = {},
  ) {
    const { sink, ...rest } = options;
    super(code, message, { ...rest, expose: false });
    this.name = 'AuditError';
    this.sink = sink;
  }

  /**
   * Whether `value` is an audit error (from any copy of this package).
   *
   * @example
   * ```ts
   * import { AuditError } from '@gatehouse/audit';
   * AuditError.isInstance(new Error('x')); // false
   * ```
   */
  static override isInstance(value: unknown): value is AuditError {
    return GatehouseError.isInstance(value) && value.code.startsWith('ERR_AUDIT_');
  }
}
