/** Who asked: the token's subject and client. */
export interface ScopeAuditActor {
  /** The end user. */
  sub?: string;
  /** The OAuth client. */
  clientId?: string;
}

/** What a guard's decision is about. */
export type ScopeAuditTargetType = 'tool' | 'resource' | 'prompt' | 'workflow' | 'method' | 'route';

/**
 * The event `requireScope` and `mcpGuard` record on `ctx.state.audit` (as set by `auditTrail` from
 * `@gatehouse/audit/koa`) for each decision: `access.allowed` or `access.denied`, who asked, on what,
 * why it was denied (an `ERR_*` code) and which scopes were involved. Never the token.
 */
export interface ScopeAuditEvent {
  /** The outcome. */
  type: 'access.allowed' | 'access.denied';
  /** Who asked (the token's subject and client), when known. */
  actor?: ScopeAuditActor;
  /** What was asked for. */
  target: {
    /** The kind of target. */
    type: ScopeAuditTargetType;
    /** The tool, prompt or workflow name, the resource URI, the JSON-RPC method, or the path. */
    id?: string;
  };
  /** The denial's code: `ERR_SCOPE_DENIED`, `ERR_SCOPE_URI_NOT_CANONICAL`, `ERR_SCOPE_MCP_REQUEST`, … */
  reason?: string;
  /** The method and the scopes involved. */
  details: {
    /** The JSON-RPC method, or the HTTP method for a route or a body that could not be read. */
    method: string;
    /** The token's scopes. */
    scopes: readonly string[];
    /** The scopes the operation needs that the token lacks (empty when allowed, or when no scope helps). */
    requiredScopes: readonly string[];
  };
}

/** Anything with `record`, such as `ctx.state.audit` from `auditTrail`: typed structurally. */
interface AuditRecorder {
  record(event: ScopeAuditEvent): unknown;
}

function recorderOf(state: unknown): AuditRecorder | undefined {
  const audit =
    typeof state === 'object' && state !== null ? (state as { audit?: unknown }).audit : undefined;
  return typeof (audit as { record?: unknown } | undefined)?.record === 'function'
    ? (audit as AuditRecorder)
    : undefined;
}

/**
 * Records `events` on `ctx.state.audit` when it exists, awaiting each (so a logger that applies
 * back-pressure is respected). A logger failure never changes the decision.
 */
export async function recordDecisions(
  state: unknown,
  events: readonly ScopeAuditEvent[],
): Promise<void> {
  const recorder = recorderOf(state);
  if (recorder === undefined) return;
  for (const event of events) {
    try {
      await recorder.record(event);
    } catch {
      // the audit logger reports its own failures; the decision stands
    }
  }
}
