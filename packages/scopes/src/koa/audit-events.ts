import type { McpDecision, McpMessageDecision, PolicySubject } from '../index.js';
import type { ScopeAuditActor, ScopeAuditEvent, ScopeAuditTargetType } from './audit-decision.js';
import type { ScopeAuthState } from './auth-state.js';

/** Longest target id recorded: a URI comes from the client and may be long. */
const MAX_ID = 2048;

/** The actor of an event: the token's subject and client, when known. */
export function actorOf(auth: ScopeAuthState): ScopeAuditActor {
  const actor: ScopeAuditActor = {};
  if (auth.subject !== undefined) actor.sub = auth.subject;
  if (auth.clientId !== undefined) actor.clientId = auth.clientId;
  return actor;
}

function bounded(id: string): string {
  return id.length > MAX_ID ? `${id.slice(0, MAX_ID)}…` : id;
}

const TARGET_TYPES: Readonly<Record<string, ScopeAuditTargetType>> = {
  Tool: 'tool',
  Resource: 'resource',
  Prompt: 'prompt',
  Workflow: 'workflow',
};

/** What a checked message is about: its first operation's subject, else the method. */
export function targetOf(message: McpMessageDecision): ScopeAuditEvent['target'] {
  const subject = message.operations[0]?.subject as PolicySubject | undefined;
  const type = subject?.__caslSubjectType__;
  if (subject !== undefined && type !== undefined && Object.hasOwn(TARGET_TYPES, type)) {
    const id = [subject.uri, subject.name, subject.uriTemplate].find(
      (value): value is string => typeof value === 'string',
    );
    return { type: TARGET_TYPES[type] as ScopeAuditTargetType, ...(id ? { id: bounded(id) } : {}) };
  }
  return message.method === undefined
    ? { type: 'method' }
    : { type: 'method', id: bounded(message.method) };
}

/** The target of a request refused before its messages could be decided. */
export function targetOfBody(body: unknown, path: string): ScopeAuditEvent['target'] {
  const { method, params } = (typeof body === 'object' && body !== null ? body : {}) as {
    method?: unknown;
    params?: { uri?: unknown };
  };
  const uri = typeof params === 'object' && params !== null ? params.uri : undefined;
  if (typeof method === 'string' && method.startsWith('resources/') && typeof uri === 'string') {
    return { type: 'resource', id: bounded(uri) };
  }
  return { type: 'route', id: bounded(path) };
}

/** The JSON-RPC method of a single message, if it has one. */
export function methodOfBody(body: unknown): string | undefined {
  const { method } = (typeof body === 'object' && body !== null ? body : {}) as {
    method?: unknown;
  };
  return typeof method === 'string' ? bounded(method) : undefined;
}

/**
 * One event per checked message of a decided request. A batch runs all or nothing, so in a denied
 * batch every checked message is recorded as `access.denied`, each with the scopes it needs itself.
 */
export function messageEvents(
  decision: McpDecision,
  auth: ScopeAuthState,
  httpMethod: string,
): ScopeAuditEvent[] {
  const actor = actorOf(auth);
  return decision.messages
    .filter((message) => message.checked)
    .map(
      (message): ScopeAuditEvent => ({
        type: decision.allowed ? 'access.allowed' : 'access.denied',
        actor,
        target: targetOf(message),
        ...(decision.allowed ? {} : { reason: decision.error.code }),
        details: {
          method: message.method ?? httpMethod,
          scopes: auth.scopes,
          requiredScopes: message.requiredScopes,
        },
      }),
    );
}

/** The event for a decision on a whole request (a route, or a body refused before its messages). */
export function requestEvent(
  allowed: boolean,
  auth: ScopeAuthState | undefined,
  target: ScopeAuditEvent['target'],
  details: ScopeAuditEvent['details'],
  reason?: string,
): ScopeAuditEvent {
  return {
    type: allowed ? 'access.allowed' : 'access.denied',
    ...(auth === undefined ? {} : { actor: actorOf(auth) }),
    target,
    ...(reason === undefined ? {} : { reason }),
    details,
  };
}
