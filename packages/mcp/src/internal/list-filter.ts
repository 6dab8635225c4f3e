import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** The list methods whose results are narrowed to what the token may use. */
export const LIST_METHODS: ReadonlySet<string> = new Set([
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
]);

const RELATED_TASK = 'io.modelcontextprotocol/related-task';

type RequestId = string | number;

/** Narrows one list result to what a token may use (`filterListResult` bound to its ability). */
export type ListResultFilter = <T>(method: string, result: T) => T;

interface Pending {
  readonly method: string;
  readonly filter: ListResultFilter;
  /** The client cancelled it: the SDK sends no response, so it may make room when the cap is hit. */
  cancelled: boolean;
}

/**
 * Why {@link ListFilter.track} refused a body: a task-augmented list request (its result would be
 * queued, not sent), a list request whose id is already in flight (a protocol error that would make
 * responses ambiguous), or too many list requests in flight.
 */
export type TrackRefusal = 'task' | 'duplicate' | 'limit';

/**
 * Narrows the results of list requests to what the requesting token may use, inside the SDK: the
 * transport's `send` is wrapped, so every response, JSON or SSE, passes through it after the SDK's
 * own handler built it. Each list request is tracked by its JSON-RPC id with the filter of the request
 * that carried it.
 */
export interface ListFilter {
  /** Tracks the list requests among `messages`; a refusal means nothing was tracked. */
  track(messages: readonly unknown[], filter: ListResultFilter): TrackRefusal | undefined;
  /** Wraps `transport.send`; call once, before the server connects or at any time after. */
  install(transport: Pick<Transport, 'send'>): void;
  /** How many list requests await their response. */
  readonly pending: number;
}

/** A list filter with at most `maxPending` list requests awaiting their responses. */
export function createListFilter(maxPending: number): ListFilter {
  const pending = new Map<RequestId, Pending>();
  return {
    get pending() {
      return pending.size;
    },
    track(messages, filter) {
      const lists: [RequestId, string][] = [];
      for (const message of messages) {
        const { id, method, params } = message as {
          id?: unknown;
          method?: unknown;
          params?: unknown;
        };
        const fields = (typeof params === 'object' && params !== null ? params : {}) as {
          task?: unknown;
          requestId?: unknown;
          _meta?: Record<string, unknown>;
        };
        if (method === 'notifications/cancelled' && isId(fields.requestId)) {
          const entry = pending.get(fields.requestId);
          if (entry !== undefined) entry.cancelled = true;
        }
        if (typeof method !== 'string' || !LIST_METHODS.has(method) || !isId(id)) continue;
        // a task-augmented or task-related request has its result queued, not sent: refuse it
        if (fields.task !== undefined || fields._meta?.[RELATED_TASK] !== undefined) return 'task';
        lists.push([id, method]);
      }
      const ids = new Set(lists.map(([id]) => id));
      if (ids.size < lists.length || lists.some(([id]) => pending.has(id))) return 'duplicate';
      if (pending.size + lists.length > maxPending) {
        for (const [id, entry] of pending) if (entry.cancelled) pending.delete(id);
        if (pending.size + lists.length > maxPending) return 'limit';
      }
      for (const [id, method] of lists) pending.set(id, { method, filter, cancelled: false });
      return undefined;
    },
    install(transport) {
      const send = transport.send.bind(transport);
      transport.send = (message, options) => {
        const { id, result } = message as { id?: unknown; result?: unknown };
        const entry = isId(id) ? pending.get(id) : undefined;
        if (entry === undefined || !('result' in message || 'error' in message)) {
          return send(message, options);
        }
        pending.delete(id as RequestId);
        if (!('result' in message)) return send(message, options);
        const filtered = entry.filter(entry.method, result);
        return send({ ...message, result: filtered } as typeof message, options);
      };
    },
  };
}

function isId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}
