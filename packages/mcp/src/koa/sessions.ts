import type { ListFilter } from '../internal/list-filter.js';
import type { McpServerLike, McpTransport } from './types.js';

/** Who a session belongs to: the token's issuer, subject and client at `initialize`. */
export interface SessionOwner {
  readonly issuer: string | undefined;
  readonly subject: string;
  readonly clientId: string;
}

/** One stateful MCP session. */
export interface Session {
  readonly id: string;
  readonly owner: SessionOwner;
  readonly ownerKey: string;
  readonly subjectKey: string;
  readonly transport: McpTransport;
  readonly server: McpServerLike;
  readonly filter: ListFilter;
  lastSeen: number;
  /** Requests of this session in flight (an open SSE stream counts until it closes). */
  active: number;
}

/** The key that two tokens must share for one to use the other's session (MCP R13). */
export function ownerKey(owner: SessionOwner): string {
  return JSON.stringify([owner.issuer ?? null, owner.subject, owner.clientId]);
}

/** The key sessions are counted under for the per-subject cap (whatever client they came through). */
export function subjectKey(owner: SessionOwner): string {
  return JSON.stringify([owner.issuer ?? null, owner.subject]);
}

/** Limits of a {@link SessionStore}. */
export interface SessionLimits {
  readonly maxSessions: number;
  readonly maxSessionsPerSubject: number;
  readonly idleMs: number;
}

/**
 * The sessions of a stateful endpoint, bounded: sessions idle (no request in flight, no open stream)
 * for longer than `idleMs` are closed; when a subject (issuer and subject, whichever client: clients
 * cost nothing to register) or the whole store is at its cap, the least recently used idle session
 * makes room (the subject's own first), and when none is idle a new session is refused. A session id
 * alone never grants anything: the caller compares owners.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #limits: SessionLimits;

  constructor(limits: SessionLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#sessions.size;
  }

  get(id: string): Session | undefined {
    return this.#sessions.get(id);
  }

  add(session: Session): void {
    this.#sessions.set(session.id, session);
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** Closes sessions idle for longer than the limit. */
  sweep(now: number): void {
    for (const session of this.#sessions.values()) {
      if (session.active === 0 && now - session.lastSeen > this.#limits.idleMs)
        this.#close(session);
    }
  }

  /** Makes room for one more session of a subject; false when every session that would go is busy. */
  makeRoom(subject: string): boolean {
    const owned = [...this.#sessions.values()].filter((session) => session.subjectKey === subject);
    if (owned.length >= this.#limits.maxSessionsPerSubject && !this.#evictFrom(owned)) return false;
    if (this.#sessions.size >= this.#limits.maxSessions) {
      return this.#evictFrom([...this.#sessions.values()]);
    }
    return true;
  }

  /** Closes every session (at shutdown). */
  async closeAll(): Promise<void> {
    const all = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(all.map((session) => session.server.close()));
  }

  #evictFrom(candidates: readonly Session[]): boolean {
    let oldest: Session | undefined;
    for (const session of candidates) {
      if (session.active === 0 && (oldest === undefined || session.lastSeen < oldest.lastSeen)) {
        oldest = session;
      }
    }
    if (oldest === undefined) return false;
    this.#close(oldest);
    return true;
  }

  #close(session: Session): void {
    this.#sessions.delete(session.id);
    void session.server.close().catch(() => undefined);
  }
}
