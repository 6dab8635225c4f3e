import { GatehouseError, resolveOptions } from '@gatehouse/errors';
import type { Middleware } from 'koa';
import type { AuditActor, AuditEventInput, AuditLogger, AuditRequestContext } from '../index.js';
import { uuidV7 } from '../internal/uuid-v7.js';

/** Options of {@link auditTrail}. */
export interface AuditTrailOptions {
  /** The logger events go to (anything with `record`). */
  logger: Pick<AuditLogger, 'record'>;
  /** The request id header, read and echoed. Default `x-request-id`. */
  requestIdHeader?: string;
  /** Reuse a well-formed incoming request id (1 to 128 of `A-Z a-z 0-9 . _ : -`), as a proxy or a
   * gateway sets it. Default true. Malformed ids are replaced, never echoed. */
  trustRequestId?: boolean;
}

/** `ctx.state.audit`: the request's context, and `record()` that fills it into events. */
export interface RequestAudit {
  readonly requestId: string;
  readonly request: Readonly<AuditRequestContext>;
  /** Who acts in this request; set it once known (after token verification). Events without their
   * own `actor` get it. A `token.verified` event recorded while it is unset sets it to that event's
   * actor, so the events after it (`request.failed` included) name who made the request. */
  actor: AuditActor | undefined;
  /** Records `event` with this request's context (the event's own `request` fields win). Never
   * throws: a malformed event is reported through the logger's `onError`. Other packages' Koa
   * middlewares (`bearerAuth`, `requireScope`, `mcpGuard`) call it to record their decisions. */
  record(event: AuditEventInput): Promise<void>;
}

/** The state {@link auditTrail} adds, for `Koa<AuditState>` and `Middleware<AuditState>`. */
export interface AuditState {
  audit: RequestAudit;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

function statusOf(error: unknown): number {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599
    ? value
    : 500;
}

function reasonOf(error: unknown, status: number): string {
  if (GatehouseError.isInstance(error)) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CODE.test(code)) return code;
  return status >= 500 ? 'ERR_UNHANDLED' : `ERR_HTTP_${status}`;
}

/** Puts the request id on the error response too (Koa clears headers set before a throw). */
function tagError(error: unknown, header: string, id: string): void {
  if (typeof error !== 'object' || error === null || !Object.isExtensible(error)) return;
  const carrier = error as { headers?: unknown };
  const headers =
    typeof carrier.headers === 'object' && carrier.headers !== null ? carrier.headers : {};
  try {
    carrier.headers = { ...headers, [header]: id };
  } catch {
    // a read-only headers property: the id stays in the audit record
  }
}

/**
 * `event` with the request context and actor filled in; adopts the actor of `token.verified`. The
 * fields the logger reads are copied one by one (a spread of events of many shapes is slow), and the
 * request's frozen context is shared when the event brings no request fields of its own.
 */
function withContext(
  event: AuditEventInput,
  request: AuditRequestContext,
  audit: RequestAudit,
): AuditEventInput {
  if (typeof event !== 'object' || event === null) throw new TypeError('not an event');
  const { type, outcome, actor: own, target, reason, details, request: ownRequest } = event;
  if (
    typeof own === 'object' &&
    own !== null &&
    audit.actor === undefined &&
    type === 'token.verified' &&
    (outcome === undefined || outcome === 'success')
  ) {
    audit.actor = { ...own };
  }
  const actor = own ?? audit.actor;
  const merged: AuditEventInput = {
    type,
    request: ownRequest === undefined ? request : { ...request, ...ownRequest },
  };
  if (outcome !== undefined) merged.outcome = outcome;
  if (actor !== undefined) merged.actor = actor;
  if (target !== undefined) merged.target = target;
  if (reason !== undefined) merged.reason = reason;
  if (details !== undefined) merged.details = details;
  return merged;
}

/**
 * Koa middleware for the audit trail: gives every request an id (a well-formed incoming
 * `x-request-id`, else a new UUIDv7) and echoes it in the response; puts {@link RequestAudit} on
 * `ctx.state.audit`; and records an unhandled failure as a `request.failed` event (reason: the error's
 * `ERR_*` code, else `ERR_HTTP_<status>` for a 4xx, else `ERR_UNHANDLED`; never its message), then
 * rethrows it. Mount it first.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { createAuditLogger } from '@gatehouse/audit';
 * import { auditTrail, type AuditState } from '@gatehouse/audit/koa';
 * import { fileSink } from '@gatehouse/audit/node';
 *
 * const app = new Koa<AuditState>();
 * app.use(auditTrail({ logger: createAuditLogger({ sinks: [fileSink('audit.log')] }) }));
 * app.use((ctx) => {
 *   ctx.state.audit.actor = { sub: 'user-1', clientId: 'app' };
 *   ctx.state.audit.record({ type: 'access.allowed', target: { type: 'tool', id: 'search' } });
 * });
 * ```
 */
export function auditTrail(options: AuditTrailOptions): Middleware<AuditState> {
  const resolved = resolveOptions<AuditTrailOptions>('auditTrail', options, {
    defaults: { logger: undefined, requestIdHeader: 'x-request-id', trustRequestId: true },
    required: ['logger'],
  });
  const { logger, trustRequestId } = resolved;
  if (typeof logger.record !== 'function') {
    throw new TypeError('auditTrail: "logger" must have a record() method');
  }
  const header = (resolved.requestIdHeader as string).toLowerCase();
  if (!/^[a-z0-9-]{1,64}$/.test(header)) {
    throw new TypeError('auditTrail: "requestIdHeader" must be a header name');
  }

  return async (ctx, next) => {
    const incoming = ctx.get(header);
    const requestId = trustRequestId && REQUEST_ID.test(incoming) ? incoming : uuidV7();
    ctx.set(header, requestId);
    const request: AuditRequestContext = {
      id: requestId,
      ip: ctx.ip,
      method: ctx.method,
      path: ctx.path,
    };
    const userAgent = ctx.get('user-agent');
    if (userAgent !== '') request.userAgent = userAgent;
    Object.freeze(request);
    const audit: RequestAudit = {
      requestId,
      request,
      actor: undefined,
      record(event) {
        let merged: AuditEventInput;
        try {
          merged = withContext(event, request, audit);
        } catch {
          return logger.record(event); // not an object, or a throwing getter: the logger reports it
        }
        return logger.record(merged);
      },
    };
    ctx.state.audit = audit;
    try {
      await next();
    } catch (error) {
      const status = statusOf(error);
      void audit.record({
        type: 'request.failed',
        outcome: 'failure',
        reason: reasonOf(error, status),
        details: { status },
      });
      tagError(error, header, requestId);
      throw error;
    }
  };
}
