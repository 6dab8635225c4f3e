import type { VerifiedAccessToken } from '@gatehouse/tokens';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Context } from 'koa';
import { createListFilter, type ListFilter } from '../internal/list-filter.js';
import type { GatehouseAuthInfo } from '../to-auth-info.js';
import { type DispatchConfig, type EndpointState, ownerOf } from './endpoint-state.js';
import { refuse } from './respond.js';
import { ownerKey, type Session, subjectKey } from './sessions.js';
import type { McpServerLike, McpTransport } from './types.js';

/** Where one request goes: a transport, its list filter, and what to do once it is over. */
export interface Target {
  readonly transport: McpTransport;
  readonly lists: ListFilter;
  /** Called once the request is over (closes a stateless server, releases a session). */
  done(): void;
}

export async function targetFor(
  ctx: Context,
  config: DispatchConfig,
  state: EndpointState,
  authInfo: GatehouseAuthInfo,
): Promise<Target | undefined> {
  const { sessions } = config;
  if (sessions === undefined) {
    const transport = new StreamableHTTPServerTransport({
      enableJsonResponse: config.jsonResponse,
    });
    const lists = createListFilter(config.maxPendingLists);
    lists.install(transport);
    const server = await connected(config, authInfo, transport);
    return { transport, lists, done: () => void server.close().catch(() => undefined) };
  }
  const existing = state.mcpSession;
  if (existing !== undefined) return use(existing);

  const owner = ownerOf(state.auth as VerifiedAccessToken);
  if (!sessions.makeRoom(subjectKey(owner))) {
    refuse(ctx, 'ERR_MCP_SESSION_LIMIT');
    return undefined;
  }
  const lists = createListFilter(config.maxPendingLists);
  let session: Session | undefined;
  const transport: McpTransport = new StreamableHTTPServerTransport({
    enableJsonResponse: config.jsonResponse,
    sessionIdGenerator: () => crypto.randomUUID(),
    onsessioninitialized: (id) => {
      session = {
        id,
        owner,
        ownerKey: ownerKey(owner),
        subjectKey: subjectKey(owner),
        transport,
        server,
        filter: lists,
        lastSeen: Date.now(),
        active: 1,
      };
      sessions.add(session);
    },
  });
  lists.install(transport);
  transport.onclose = () => {
    if (session !== undefined) sessions.delete(session.id);
  };
  const server: McpServerLike = await connected(config, authInfo, transport);
  return {
    transport,
    lists,
    done: () => {
      if (session === undefined) {
        // initialization failed: no session was made, nothing will reach this server again
        void server.close().catch(() => undefined);
        return;
      }
      session.active--;
      session.lastSeen = Date.now();
    },
  };
}

function use(session: Session): Target {
  session.active++;
  session.lastSeen = Date.now();
  return {
    transport: session.transport,
    lists: session.filter,
    done: () => {
      session.active--;
      session.lastSeen = Date.now();
    },
  };
}

async function connected(
  config: DispatchConfig,
  authInfo: GatehouseAuthInfo,
  transport: McpTransport,
): Promise<McpServerLike> {
  const server = await config.factory(authInfo);
  if (typeof server?.connect !== 'function' || typeof server.close !== 'function') {
    throw new TypeError('mcpResourceServer: the server factory must return an MCP SDK server');
  }
  await server.connect(transport);
  return server;
}

/** Resolves when the response is finished or the connection closed. */
export function finished(ctx: Context): Promise<void> {
  const { res } = ctx;
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve);
  });
}
