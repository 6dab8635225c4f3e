import type { ScopeAbility } from '@gatehouse/scopes';
import type { VerifiedAccessToken } from '@gatehouse/tokens';
import type { ListResultFilter } from '../internal/list-filter.js';
import type { Session, SessionOwner, SessionStore } from './sessions.js';
import type { McpServerFactory } from './types.js';

/** What the middlewares before the dispatch leave on `ctx.state`. */
export interface EndpointState {
  auth?: VerifiedAccessToken;
  ability?: ScopeAbility;
  filterList?: ListResultFilter;
  mcpRequest?: { body?: unknown };
  /** The JSON-RPC body read by `readJsonRpcBody` (POST only). */
  mcpBody?: unknown;
  /** The session the request belongs to (stateful mode), checked against the token's owner. */
  mcpSession?: Session;
}

/** How requests reach the SDK. */
export interface DispatchConfig {
  readonly resource: string;
  readonly factory: McpServerFactory;
  readonly jsonResponse: boolean;
  readonly maxPendingLists: number;
  /** The sessions, or undefined for a stateless endpoint (a server and transport per request). */
  readonly sessions: SessionStore | undefined;
  /** The list filter when the guard did not provide `ctx.state.filterList`. */
  readonly filterFor: (ability: ScopeAbility) => ListResultFilter;
}

/** The owner of a session: issuer, subject and client of the token. */
export function ownerOf(auth: VerifiedAccessToken): SessionOwner {
  return { issuer: auth.issuer, subject: auth.subject, clientId: auth.clientId };
}
