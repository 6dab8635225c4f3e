import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** The list methods whose results are narrowed to what the token may use. */
export const LIST_METHODS: ReadonlySet<string> = new Set([
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
]);

const RELATED_TASK = 'io.modelcontextprotocol/related-task';

/** Requests of any method awaiting their response, per session, beyond which new ones are refused. */
export const MAX_IN_FLIGHT = 1024;

type RequestId = string | number;

/** Narrows one list result to what a token may use (`filterListResult` bound to its ability). */
export type ListResultFilter = <T>(method: string, result: T) => T;

interface InFlight {
  /** The list filter of the request that carried it; undefined for a request of another method. */
  readonly filter: ListResultFilter | undefined;
  readonly method: string;
  /** The client cancelled it: the SDK sends no response, so it may make room when a cap is hit. */
  cancelled: boolean;
}

/**
 * Why {@link ListFilter.track} refused a body: a task-augmented list request (its result would be
 * queued, not sent), a request whose id is already in flight or appears twice in the body (a
 * protocol error that would let one response be taken for another's), or too many requests in flight.
 */
export type TrackRefusal = 'task' | 'duplicate' | 'limit';

/** The requests one body added; `release()` forgets them when the transport never dispatched them. */
export interface Tracked {
  release(): void;
}

/**
 * Narrows the results of list requests to what the requesting token may use, inside the SDK: the
 * transport's `send` is wrapped, so every response, JSON or SSE, passes through it after the SDK's
 * own handler built it. A response is matched to its request by JSON-RPC id, so every request in
 * flight (of any method: a `ping` answered first under a list's id would otherwise take the list's
 * filter and leave the list unfiltered) is tracked, and an id already in flight is refused.
 */
export interface ListFilter {
  /** Tracks the requests among `messages`; a refusal means nothing was tracked. */
  track(messages: readonly unknown[], filter: ListResultFilter): TrackRefusal | Tracked;
  /** Wraps `transport.send`; call once, before the server connects or at any time after. */
  install(transport: Pick<Transport, 'send'>): void;
  /** How many list requests await their response. */
  readonly pending: number;
  /** How many requests of any method await their response. */
  readonly inFlight: number;
}

/**
 * A list filter with at most `maxPending` list requests, and `maxInFlight` requests of any method,
 * awaiting their responses.
 */
export function createListFilter(
  maxPending: number,
  maxInFlight: number = MAX_IN_FLIGHT,
): ListFilter {
  const inflight = new Map<RequestId, InFlight>();
  let lists = 0;
  const remove = (id: RequestId): InFlight | undefined => {
    const entry = inflight.get(id);
    if (entry === undefined) return undefined;
    inflight.delete(id);
    if (entry.filter !== undefined) lists--;
    return entry;
  };
  return {
    get pending() {
      return lists;
    },
    get inFlight() {
      return inflight.size;
    },
    track(messages, filter) {
      const added = new Map<RequestId, InFlight>();
      const cancels = new Set<InFlight>();
      let newLists = 0;
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
          // only a request dispatched before the cancellation is aborted by the SDK
          const entry = inflight.get(fields.requestId) ?? added.get(fields.requestId);
          if (entry !== undefined) cancels.add(entry);
        }
        if (typeof method !== 'string' || !isId(id)) continue;
        const list = LIST_METHODS.has(method);
        // a task-augmented or task-related request has its result queued, not sent: refuse it
        if (list && (fields.task !== undefined || fields._meta?.[RELATED_TASK] !== undefined)) {
          return 'task';
        }
        if (inflight.has(id) || added.has(id)) return 'duplicate';
        added.set(id, { filter: list ? filter : undefined, method, cancelled: false });
        if (list) newLists++;
      }
      const room = (entries: Iterable<InFlight>) => {
        let total = 0;
        let listed = 0;
        for (const entry of entries) {
          if (entry.cancelled || cancels.has(entry)) continue;
          total++;
          if (entry.filter !== undefined) listed++;
        }
        return { total, listed };
      };
      const full = lists + newLists > maxPending || inflight.size + added.size > maxInFlight;
      if (full) {
        const kept = room(inflight.values());
        if (kept.listed + newLists > maxPending || kept.total + added.size > maxInFlight) {
          return 'limit';
        }
      }
      for (const entry of cancels) entry.cancelled = true;
      if (full) for (const [id, entry] of inflight) if (entry.cancelled) remove(id);
      for (const [id, entry] of added) inflight.set(id, entry);
      lists += newLists;
      return {
        release() {
          for (const [id, entry] of added) if (inflight.get(id) === entry) remove(id);
        },
      };
    },
    install(transport) {
      const send = transport.send.bind(transport);
      transport.send = (message, options) => {
        const { id, result } = message as { id?: unknown; result?: unknown };
        if (!isId(id) || !('result' in message || 'error' in message)) {
          return send(message, options);
        }
        const entry = remove(id);
        if (entry?.filter === undefined || !('result' in message)) return send(message, options);
        const filtered = entry.filter(entry.method, result);
        return send({ ...message, result: filtered } as typeof message, options);
      };
    },
  };
}

function isId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}
